import Foundation
import Hummingbird
import PitwallCharts
import PitwallCore

/// `/`: the wall screen. Each store red / yellow / green / grey with the reason in words,
/// the messaging system's health, leads near or past their SLA, and the alerts firing now.
struct StatusPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var system: Tile
        var systemFigures: [Figure]
        /// The database's disk, for an admin's eyes only (on a group database its bytes are
        /// every organisation's).
        var storage: Tile?
        var stores: [Tile]
        var hasStores: Bool
        var waiting: Int
        var nearSLA: Int
        var pastSLA: Int
        var hasNear: Bool
        var hasPast: Bool
        var firing: [AlertLine]
        var hasFiring: Bool
    }

    struct Tile: Sendable {
        var id: String
        var name: String
        var badge: StatusBadge
        var reasons: [String]
        var hasReasons: Bool
        var figures: [Figure]
        var link: String
        /// The store's local date its figures are for.
        var day: String
        /// A small chart under the figures (SVG), where the tile has one.
        var chart: String? = nil
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        renderer.html(try await view(session: context.session!, notice: request.query("done"), now: dependencies.clock.now()), template: "status")
    }

    func view(session: DashboardSession, notice: String?, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let home = configuration.homeStore
        let local = LocalTimeFormatting(store: home, now: now)
        let rules = configuration.alertRules.byID
        let statuses = try await dependencies.alerts.statuses(of: configuration.alertRules)
        let storesWithLeads = try await dependencies.rollups.storesWithLeads()
        let storeIDs = Set(configuration.stores.map(\.id)).union(storesWithLeads).union(statuses.compactMap(\.segment.store))
        let board = StatusBoard(
            statuses: statuses, rules: configuration.alertRules, stores: storeIDs.sorted().map(configuration.store), catalog: configuration.kpiCatalog,
            names: configuration.names, time: local.time)

        let today = home.calendar.localDate(of: now)
        // Each store's own today: at 01:00 in Chicago it is still yesterday in Los Angeles.
        let storeToday = Dictionary(uniqueKeysWithValues: storeIDs.map { ($0, configuration.store($0).calendar.localDate(of: now).daysSinceEpoch) })
        let days = (storeToday.values.min() ?? today.daysSinceEpoch)...(storeToday.values.max() ?? today.daysSinceEpoch)
        let rows = try await dependencies.rollups.rollupRows(dimension: .all, days: days, store: nil)
        let series = KPISeries(catalog: configuration.kpiCatalog)
        let system = try await dependencies.rollups.scorecard(KPIQuery(from: today, to: today), catalog: configuration.kpiCatalog)
            .withSystemHealth(from: dependencies.store, configuration: configuration, now: now)
        let queue = try await dependencies.desk.openQueue(store: nil, now: now)

        let stores = board.stores.map { tile -> Tile in
            let id = tile.storeID?.rawValue ?? ""
            let leads = queue.filter { $0.storeID.rawValue == id }
            let past = leads.filter { $0.state == .breached }.count
            let day = storeToday[StoreID(id)] ?? today.daysSinceEpoch
            let results = series.results(rows, days: day...day) { $0.store.rawValue == id }
            func value(_ key: KPIKey) -> KPIResult? { results.first { $0.key == key } }
            let response = value(.firstResponseTime)
            return Tile(
                id: id, name: tile.name, badge: StatusBadge(tile.colour), reasons: tile.reasons, hasReasons: !tile.reasons.isEmpty,
                figures: [
                    Figure(key: "leads_today", label: "Leads today", value: KPIFormatting.grouped(Int64(value(.leadToSaleConversion)?.denominator ?? 0))),
                    Figure(key: "median_response", label: "Median first response", value: KPIFormatting.value(response?.value, unit: .seconds)),
                    Figure(
                        key: "waiting", label: "Waiting now", value: String(leads.count),
                        tone: leads.contains { $0.isEscalated(at: configuration.responseTime.escalateAtFraction) } ? "warn" : nil),
                    Figure(key: "past_sla", label: "Past SLA", value: String(past), tone: past > 0 ? "bad" : nil),
                ],
                link: "/kpis?window=today&store=\(SessionMiddleware.percentEncoded(id))", day: CivilDate(daysSinceEpoch: day).description)
        }
        let systemFigures = [KPIKey.systemUptime, .apiResponseTime, .databaseQueryTime].map { key in
            let definition = configuration.kpiCatalog[key]
            return Figure(key: key.rawValue, label: definition.name, value: KPIFormatting.value(system.result(key)?.value, unit: definition.unit))
        }
        let firing = statuses.filter { $0.condition == .firing }.sorted(by: AlertsController.moreUrgent).map { status in
            AlertLine(status, rule: rules[status.ruleID], configuration: configuration, local: local, canAcknowledge: session.token.scope.allows(.manage))
        }
        // Every lead still waiting, past its SLA or not, as the speed-to-lead page counts them:
        // "0 waiting" beside "2 past SLA" read as if nobody was waiting.
        let waiting = queue.count
        let near = queue.filter { $0.isEscalated(at: configuration.responseTime.escalateAtFraction) }.count
        let past = queue.filter { $0.state == .breached }.count
        return View(
            chrome: PageChrome(title: "Status", section: .status, session: session, now: now, zone: home, notice: notice),
            system: Tile(
                id: "system", name: board.system.name, badge: StatusBadge(board.system.colour), reasons: board.system.reasons,
                hasReasons: !board.system.reasons.isEmpty, figures: [], link: "/alerts", day: today.description),
            systemFigures: systemFigures, storage: session.token.scope == .admin ? try await storageTile(today: today, now: now) : nil, stores: stores, hasStores: !stores.isEmpty,
            waiting: waiting, nearSLA: near, pastSLA: past, hasNear: near > 0, hasPast: past > 0,
            firing: firing, hasFiring: !firing.isEmpty)
    }
}

extension StatusPage {
    /// "Pitwall's database": its size, its growth a day, the disk's free room and how long it
    /// lasts, coloured by `StorageOutlook`'s status, the reason under it.
    func storageTile(today: CivilDate, now: Timestamp) async throws -> Tile {
        let outlook = try await dependencies.storageOutlook()
        let footprint = outlook.footprint
        let bytes = { (value: Int64?) in value.map(StorageOutlook.bytes) ?? "–" }
        var badge = StatusBadge(status: outlook.status)
        badge.words = outlook.headline
        return Tile(
            id: "storage", name: "Pitwall's database (\(footprint.backend.name))",
            badge: badge, reasons: [outlook.reason] + [outlook.backupNote(now: now), outlook.drillNote(now: now)].compactMap { $0 }, hasReasons: true,
            figures: [
                Figure(key: "database_bytes", label: "Size", value: bytes(footprint.databaseBytes)),
                Figure(key: "growth", label: "Grows a day", value: outlook.growthWords.map { words in
                    outlook.measuredGrowth == nil ? words + " (estimated)" : words + " (measured)"
                } ?? "–"),
                Figure(key: "disk_free", label: "Disk free", value: bytes(footprint.volumeFreeBytes)),
                Figure(key: "disk_lasts", label: "Disk lasts", value: outlook.daysUntilFull.map(StorageOutlook.daysPhrase) ?? "–"),
                Figure(key: "last_backup", label: "Last backup", value: outlook.backupAge(now: now) ?? "–"),
                Figure(key: "last_drill", label: "Last restore drill", value: outlook.drillAge(now: now) ?? "–"),
            ],
            link: "", day: today.description, chart: Self.sizeChart(footprint.sizes, through: StorageSize.day(of: now)))
    }

    /// The database's size on each of the last 28 days (a gap where none was noted), once
    /// there are two to draw a line between.
    static func sizeChart(_ sizes: [StorageSize], through today: CivilDate) -> String? {
        guard sizes.count >= 2 else { return nil }
        let first = today.adding(days: -StorageOutlook.recentDays)
        let byDay = Dictionary(sizes.map { ($0.day, Double($0.usedBytes)) }, uniquingKeysWith: { $1 })
        let values = (0...StorageOutlook.recentDays).map { byDay[first.adding(days: $0)] }
        return Sparkline(values: values, width: 240, height: 36, title: "Database size day by day, the last \(StorageOutlook.recentDays) days").svg
    }
}

/// One alert as a line on a page: what, where, how bad, since when, and who is on it.
struct AlertLine: Sendable {
    var id: String
    var name: String
    var segment: String
    var condition: String
    var severity: String?
    var badge: StatusBadge
    var value: String
    var since: String
    var acknowledgedBy: String?
    var acknowledgedAt: String?
    var comment: String?
    var canAcknowledge: Bool

    init(_ status: AlertStatus, rule: AlertRule?, configuration: PitwallConfiguration, local: LocalTimeFormatting, canAcknowledge: Bool) {
        id = status.id
        name = rule?.name ?? status.ruleID
        segment = AlertsPage.place(status.segment, configuration)
        condition = status.condition.words
        severity = status.severity?.rawValue
        badge = StatusBadge(status.condition, severity: status.severity)
        if let rule, let unit = rule.unit(in: configuration.kpiCatalog) {
            value = KPIFormatting.value(status.measurement?.value, unit: unit)
        } else {
            value = status.measurement?.note ?? "–"
        }
        since = local.time(status.since)
        acknowledgedBy = status.acknowledgement?.by
        acknowledgedAt = status.acknowledgement.map { local.time($0.at) }
        comment = status.acknowledgement?.comment
        self.canAcknowledge = canAcknowledge && status.condition == .firing && status.acknowledgement == nil
    }
}
