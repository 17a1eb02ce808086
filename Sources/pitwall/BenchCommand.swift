import ArgumentParser
import CMallocTuning
import Foundation
import PitwallCore
import PitwallPostgres
import PitwallServer
import PitwallSimulator
import PitwallSQLite

/// Measures what users feel: how fast a year of a large group imports, how fast the
/// scorecard answers on it, and how much memory serving it takes.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark import and scorecard speed on a simulated year of a large group.",
        discussion: """
            Simulates a year of --stores stores (about --events events) into --dir/bench.ndjson, imports it into \
            --dir/bench.sqlite (or, with --db postgres://..., into the organisation 'bench' of that database), then times the scorecard for the last 30 days, the same by source, and the whole year. \
            With --reuse, files already in --dir are used as they are. Benchmarks/duckdb_compare.py runs this and DuckDB \
            on the same data and prints the ratio.
            """)

    /// Monday 2025-01-06: the simulated year starts here, so it is entirely in the past.
    static let yearStart = Timestamp(millisecondsSinceEpoch: CivilDate(year: 2025, month: 1, day: 6)!.daysSinceEpoch * Timestamp.millisecondsPerDay)

    @Option(help: "Folder for the data and the database.")
    var dir: String = ".build/bench"

    @Option(help: "About how many events to simulate.")
    var events: Int = 10_000_000

    @Option(help: "Number of stores.")
    var stores: Int = 20

    @Option(help: "Timed repetitions of each scorecard.")
    var iterations: Int = 50

    @Flag(help: "Use the simulated file and database already in --dir.")
    var reuse = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: "Benchmark a PostgreSQL database instead of --dir/bench.sqlite: postgres://USER@HOST:PORT/DATABASE (organisation 'bench').")
    var db: String?

    static let organisation: OrganisationID = "bench"

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let dataPath = (dir as NSString).appendingPathComponent("bench.ndjson")
        let databasePath = (dir as NSString).appendingPathComponent("bench.sqlite")
        let configPath = (dir as NSString).appendingPathComponent("bench.yaml")
        // About 16 events per lead (measured on the simulator's output).
        let leadsPerDay = Double(events) / 16.2 / Double(stores) / 365
        // A year that is over: events dated after their import would count as clock errors.
        let settings = SimulationSettings(
            days: 365, seed: 2026, storeCount: stores, leadsPerDay: leadsPerDay, start: Self.yearStart)
        let simulator = DealershipSimulator(settings: settings)
        var figures: [(String, Double)] = []

        if !(reuse && FileManager.default.fileExists(atPath: dataPath)) {
            try ConfigurationFile.yaml(for: simulator.configuration.stores, roster: simulator.configuration.roster, sourceNames: simulator.sourceNames, campaignNames: simulator.campaignNames, templateTexts: simulator.templateTexts, messagingPlatform: simulator.messagingPlatform).write(toFile: configPath, atomically: true, encoding: .utf8)
            let started = Date()
            let count = try writeSimulation(simulator, to: dataPath)
            figures.append(("simulate_events_per_second", Double(count) / Date().timeIntervalSince(started)))
        }
        let configuration = try ConfigurationFile.load(path: configPath).pitwall
        figures += try decodeTimed(dataPath)
        if let db {
            let measured = try await PostgresDatabase.withReady(db, option: "--db") { [figures, reuse, dir] database, _ in
                let store = try await PostgresStore.open(database, organisation: Self.organisation, configuration: configuration, registeringAt: settings.end)
                var figures = figures
                let importFiguresPath = (dir as NSString).appendingPathComponent("import-postgres.json")
                if reuse, try await store.totals().events > 0 {
                    figures += Self.savedFigures(importFiguresPath)
                } else {
                    figures += try await importTimed(dataPath, into: store, savingTo: importFiguresPath)
                }
                return try await measure(store, configuration: configuration, settings: settings, figures: figures)
            }
            print(report(measured))
            return
        }
        let importFiguresPath = (dir as NSString).appendingPathComponent("import.json")
        if reuse, FileManager.default.fileExists(atPath: databasePath) {
            figures += Self.savedFigures(importFiguresPath)
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
            figures += try await importTimed(dataPath, into: try SQLiteStore(path: databasePath, configuration: configuration, writerCache: .bulkImport), savingTo: importFiguresPath)
        }
        // A fresh store, as a server that has just started would have.
        let store = try SQLiteStore(path: databasePath, configuration: configuration)
        print(report(try await measure(store, configuration: configuration, settings: settings, figures: figures)))
    }

    /// The import was measured when the database was made; those figures, reported again.
    static func savedFigures(_ path: String) -> [(String, Double)] {
        guard let data = FileManager.default.contents(atPath: path), let saved = try? JSONSerialization.jsonObject(with: data) as? [String: Double]
        else { return [] }
        return saved.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Reading and checking events without storing them, on one core: the part of an import
    /// that runs beside the writer. The first million lines, so a large file costs seconds.
    func decodeTimed(_ dataPath: String, lines: Int = 1_000_000) throws -> [(String, Double)] {
        guard let handle = FileHandle(forReadingAtPath: dataPath) else { throw CommandFailure("cannot open \(dataPath)") }
        defer { try? handle.close() }
        var reader = LineBatchReader(handle: handle, linesPerBatch: 20_000)
        var decoded = 0
        var seconds = 0.0
        while decoded < lines, let batch = try reader.next() {
            let started = DispatchTime.now().uptimeNanoseconds
            decoded += try NDJSONImporter.decode(batch, linesBefore: 0, eventsBefore: 0)?.count ?? 0
            seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
        return [("decode_events_per_second", Double(decoded) / seconds)]
    }

    func importTimed(_ dataPath: String, into store: any EventStore, savingTo path: String) async throws -> [(String, Double)] {
        let started = Date()
        let imported = try await importFile(dataPath, into: store)
        let seconds = Date().timeIntervalSince(started)
        let figures = [("import_events", Double(imported)), ("import_seconds", seconds), ("import_events_per_second", Double(imported) / seconds)]
        try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: figures)).write(to: URL(fileURLWithPath: path))
        return figures
    }

    /// Times the scorecards, the dashboard page, the health evidence and an alert round on `store`.
    func measure(
        _ store: any PitwallStore, configuration: PitwallConfiguration, settings: SimulationSettings, figures: [(String, Double)]
    ) async throws -> [(String, Double)] {
        var figures = figures
        let lastDay = CivilDate(daysSinceEpoch: settings.end.millisecondsSinceEpoch / Timestamp.millisecondsPerDay - 1)
        let queries: [(String, KPIQuery)] = [
            ("scorecard_30_days", KPIQuery(from: lastDay.adding(days: -29), to: lastDay)),
            ("scorecard_30_days_by_source", KPIQuery(from: lastDay.adding(days: -29), to: lastDay, groupBy: .source)),
            ("scorecard_365_days", KPIQuery(from: lastDay.adding(days: -364), to: lastDay)),
        ]
        for (name, query) in queries {
            figures += try await timed(name) { _ = try await store.scorecard(query) }
        }
        // As the server and the commands read it: the hand-offs of the year's last hours whose
        // pick-up is not due at its end looked up and taken out (`PickupDueRollups`).
        let asOfEnd = PickupDueRollups(store, clock: StoppedClock(instant: settings.end), configuration: configuration)
        figures += try await timed("scorecard_30_days_as_of_now") { _ = try await asOfEnd.scorecard(queries[0].1) }
        let endResolver = LocalDayResolver(configuration: configuration)
        var handOffBound = settings.end
        figures += try await timed("pickup_pending_bound") {
            handOffBound = PickupDueRollups.earliestPendingHandOff(resolver: endResolver, stores: configuration.stores.map(\.id), now: settings.end)
        }
        var waitingHandOffs: [HandOffAwaitingPickup] = []
        figures += try await timed("pickup_pending_lookup") {
            waitingHandOffs = try await store.handOffsAwaitingPickup(
                since: handOffBound.adding(milliseconds: -PickupDueRollups.creationLookbackDays * Timestamp.millisecondsPerDay), handedOffSince: handOffBound, store: nil)
        }
        figures.append(("pickup_handoffs_looked_at", Double(waitingHandOffs.count)))
        figures.append(("pickup_handoffs_not_due", Double(waitingHandOffs.filter { $0.isNotDueYet(resolver: endResolver, now: settings.end) }.count)))
        // How long outcomes take: measured once a day per scope by the server (the first
        // scorecard of the day pays it), then each scorecard says how far its leads have come.
        let today = lastDay.adding(days: 1)
        var delays = OutcomeDelays([])
        figures += try await timed("outcome_delays") { delays = try await store.outcomeDelays(today: today, store: nil) }
        figures.append(("outcome_delays_leads", Double(delays.referenceLeads)))
        let maturity = MaturityBasis(delays: delays, now: settings.end, resolver: LocalDayResolver(configuration: configuration))
        figures += try await timed("scorecard_30_days_with_maturity") { _ = try await store.scorecard(queries[0].1, maturity: maturity) }
        // The dashboard's pages for the last 30 days, built and rendered as GET /kpis, /sla,
        // /stores and /contacts do, and the status board (GET /), at the end of the simulated year (the live queue holds its last week's leads).
        let dashboard = AppDependencies(store: store, clock: StoppedClock(instant: settings.end), configuration: configuration)
        let pageWindow = ReportingWindow(preset: .last30Days, from: lastDay.adding(days: -29), to: lastDay)
        let pages = DashboardBenchmark()
        var pageBytes = 0
        figures += try await timed("scorecard_page") { pageBytes = try await pages.scorecardPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("scorecard_page_bytes", Double(pageBytes)))
        figures += try await timed("sla_page") { pageBytes = try await pages.speedToLeadPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("sla_page_bytes", Double(pageBytes)))
        figures += try await timed("stores_page") { pageBytes = try await pages.storesPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("stores_page_bytes", Double(pageBytes)))
        figures += try await timed("contacts_page") { pageBytes = try await pages.contactsPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("contacts_page_bytes", Double(pageBytes)))
        figures += try await timed("spend_page") { pageBytes = try await pages.spendPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("spend_page_bytes", Double(pageBytes)))
        let yearWindow = ReportingWindow(preset: .custom, from: lastDay.adding(days: -364), to: lastDay)
        figures += try await timed("spend_page_365_days") { _ = try await pages.spendPage(dependencies: dashboard, window: yearWindow, now: settings.end) }
        figures += try await timed("team_page") { pageBytes = try await pages.teamPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("team_page_bytes", Double(pageBytes)))
        let quarterWindow = ReportingWindow(preset: .custom, from: lastDay.adding(days: -89), to: lastDay)
        figures += try await timed("team_page_90_days") { _ = try await pages.teamPage(dependencies: dashboard, window: quarterWindow, now: settings.end) }
        figures += try await timed("sla_review_page_90_days") { pageBytes = try await pages.slaReviewPage(dependencies: dashboard, window: quarterWindow, now: settings.end) }
        figures.append(("sla_review_page_bytes", Double(pageBytes)))
        // The coaching log: three sessions at each store (80, 45 and 10 days before the year's
        // end, for the first three of its agents of the last 30 days), then the log's page.
        let agentRows = try await store.rollupRows(dimension: .agent, days: lastDay.adding(days: -29).daysSinceEpoch...lastDay.daysSinceEpoch, store: nil)
        var sessions = 0
        for (shop, rows) in Dictionary(grouping: agentRows.filter { !$0.cell.value.isEmpty }, by: \.cell.store) {
            for (index, agent) in Set(rows.map(\.cell.value)).sorted().prefix(3).enumerated() {
                try await store.recordCoaching(
                    CoachingSession(
                        id: "bench-\(shop.rawValue)-\(index)", store: shop, agent: agent, day: lastDay.adding(days: [-80, -45, -10][index]),
                        focus: CoachingSession.focuses[index], note: nil, recordedBy: "bench", recordedAt: settings.end))
                sessions += 1
            }
        }
        figures.append(("coaching_sessions", Double(sessions)))
        figures += try await timed("coaching_page") { pageBytes = try await pages.coachingPage(dependencies: dashboard, now: settings.end) }
        figures.append(("coaching_page_bytes", Double(pageBytes)))
        // The change log: at each store, a change of its leads 60 days before the year's end and
        // one of its website leads 20 days before; and three of every store; then the log's page.
        var changes: [ProcessChange] = []
        for shop in configuration.stores.map(\.id) {
            for (days, segment) in [(-60, nil), (-20, ProcessChange.Segment(dimension: .source, value: "website"))] {
                changes.append(
                    ProcessChange(
                        id: "bench-\(shop.rawValue)\(days)", day: lastDay.adding(days: days), store: shop, segment: segment,
                        figure: ProcessChange.figures[changes.count % ProcessChange.figures.count], title: "Bench change", note: nil, recordedBy: "bench",
                        recordedAt: settings.end))
            }
        }
        for (index, days) in [-75, -40, -5].enumerated() {
            changes.append(
                ProcessChange(
                    id: "bench-group\(days)", day: lastDay.adding(days: days), store: nil, segment: index == 1 ? .init(dimension: .source, value: "cargurus") : nil,
                    figure: .leadResponseRate, title: "Bench change of every store", note: nil, recordedBy: "bench", recordedAt: settings.end))
        }
        for change in changes { try await store.recordChange(change) }
        figures.append(("changes", Double(changes.count)))
        figures += try await timed("changes_page") { pageBytes = try await pages.changesPage(dependencies: dashboard, now: settings.end) }
        figures.append(("changes_page_bytes", Double(pageBytes)))
        // The delays agents report: four at each store (the DMS step twice, once naming the
        // store's change of 60 days before; a trade-in wait; a printed form), then the page.
        var reportedDelays = 0
        for shop in configuration.stores.map(\.id) {
            for (index, (days, step, change)) in [
                (-70, "Re-typing the lead into the DMS", nil), (-50, "Re-typing the lead into the DMS", "bench-\(shop.rawValue)-60"),
                (-30, "Waiting for a trade-in figure", nil), (-3, "Printing the credit form", nil),
            ].enumerated() {
                try await store.recordDelay(
                    ReportedDelay(
                        id: "bench-\(shop.rawValue)-delay-\(index)", store: shop, agent: nil, day: lastDay.adding(days: days), step: step,
                        minutes: Double(2 + index), share: index == 2 ? 0.25 : 1, change: change, note: nil, recordedBy: "bench", recordedAt: settings.end))
                reportedDelays += 1
            }
        }
        figures.append(("reported_delays", Double(reportedDelays)))
        figures += try await timed("delays_page") { pageBytes = try await pages.delaysPage(dependencies: dashboard, now: settings.end) }
        figures.append(("delays_page_bytes", Double(pageBytes)))
        // The template review: what GET /v1/outreach reads and judges, and its page.
        var templatedTexts = 0
        figures += try await timed("outreach_30_days") {
            templatedTexts = try await OutreachReading(
                lastDay.adding(days: -29)...lastDay, store: nil, source: nil, leads: store, configuration: configuration, now: settings.end
            ).analysis.sends.count
        }
        figures.append(("outreach_30_days_texts", Double(templatedTexts)))
        figures += try await timed("outreach_page") { pageBytes = try await pages.outreachPage(dependencies: dashboard, window: pageWindow, now: settings.end) }
        figures.append(("outreach_page_bytes", Double(pageBytes)))
        // The outlook as of ten days before the year's end: a month under way, forecast and backtested.
        let outlookDay = lastDay.adding(days: -10)
        figures.append(("outlook_as_of", Double(outlookDay.daysSinceEpoch)))
        figures += try await timed("outlook") { _ = try await OutlookReading(OutlookQuery(asOf: outlookDay), rollups: store, configuration: configuration) }
        figures += try await timed("outlook_page") { pageBytes = try await pages.outlookPage(dependencies: dashboard, asOf: outlookDay, now: settings.end) }
        figures.append(("outlook_page_bytes", Double(pageBytes)))
        // The latest daily report's "For today": the week's open answered leads, warmest first.
        var openLeads = 0
        figures += try await timed("follow_ups_week") { openLeads = try await pages.followUps(dependencies: dashboard, today: configuration.today(store: nil, at: settings.end)) }
        figures.append(("follow_ups_week_leads", Double(openLeads)))
        // The follow-ups page over 30 days: a month of open leads ranked for the warmest 50.
        figures += try await timed("follow_ups_30_days") { openLeads = try await pages.followUps(dependencies: dashboard, window: pageWindow.from...pageWindow.to) }
        figures.append(("follow_ups_30_days_leads", Double(openLeads)))
        for kind in ReportKind.allCases {
            figures += try await timed("report_\(kind.rawValue)") { pageBytes = try await pages.reportPage(dependencies: dashboard, kind: kind, now: settings.end) }
        }
        figures.append(("report_monthly_bytes", Double(pageBytes)))
        figures += try await timed("status_board") { pageBytes = try await pages.statusBoard(dependencies: dashboard, now: settings.end) }
        figures.append(("status_board_bytes", Double(pageBytes)))
        // What GET /v1/compliance/violations and the compliance alert read: the last 30 days' opt-outs.
        let scan = ComplianceScan(leads: store, events: store)
        var optedOut = 0
        figures += try await timed("compliance_scan_30_days") {
            optedOut = try await scan.optedOutLeads(createdSince: settings.end.adding(milliseconds: -30 * Timestamp.millisecondsPerDay), store: nil).count
        }
        figures.append(("compliance_scan_leads", Double(optedOut)))
        // Part of the scorecard page: the health reports and readings behind the system KPIs of both windows.
        let utc = StoreProfile.unconfigured("utc").calendar
        figures += try await timed("system_health_evidence") {
            _ = try await store.systemHealthEvidence(from: utc.startOfDay(pageWindow.previous.from.adding(days: -1)), to: utc.startOfDay(lastDay.adding(days: 2)))
        }
        // One alert evaluation round, as the server runs every 30 s: 200 rules over every store,
        // measured, judged, and the statuses stored.
        var alerting = configuration
        alerting.alertRules = Self.alertRules(count: 200)
        let watch = AlertWatch(monitor: AlertMonitor(rollups: store, events: store, configuration: alerting), alerts: store)
        var rounds: [Double] = []
        for round in 0..<4 {
            let started = DispatchTime.now().uptimeNanoseconds
            try await watch.evaluate(now: settings.end.adding(seconds: Double(round) * 30))
            rounds.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        let measuring = DispatchTime.now().uptimeNanoseconds
        _ = try await watch.monitor.evaluate(current: [:], now: settings.end)
        figures.append(("alert_measure_only_ms", Double(DispatchTime.now().uptimeNanoseconds - measuring) / 1e6))
        figures.append(("alert_round_first_ms", rounds[0]))
        figures.append(("alert_round_median_ms", rounds.dropFirst().sorted()[1]))
        figures.append(("alert_statuses", Double(try await store.alertStatuses().count)))
        // The "no leads coming in" rule: learning every store's pace (28 days of hourly rollups,
        // once an hour), then each round's reading of the newest lead of every store.
        let leadsStopped = AlertRule.sopDefaults.filter { $0.subject == .leadsStopped }
        figures += try await timed("leads_stopped_learning") {
            _ = try await AlertMonitor(rollups: store, events: store, configuration: configuration, rules: leadsStopped, leads: store)
                .evaluate(current: [:], now: settings.end)
        }
        let stopped = AlertMonitor(rollups: store, events: store, configuration: configuration, rules: leadsStopped, leads: store)
        figures += try await timed("leads_stopped_round") { _ = try await stopped.evaluate(current: [:], now: settings.end) }
        // The delivery-receipts rule: every round reads the texts of the 3 hours it looks back over.
        let receipts = AlertMonitor(
            rollups: store, events: store, configuration: configuration, rules: AlertRule.sopDefaults.filter { $0.id == "receipts_missing" }, leads: store)
        figures += try await timed("receipts_missing_round") { _ = try await receipts.evaluate(current: [:], now: settings.end) }
        // The changes rule: every change of the log's last 90 days judged, as /changes judges them.
        var changesRule = AlertMonitor(
            rollups: store, events: store, configuration: configuration, rules: AlertRule.sopDefaults.filter { $0.subject == .changesWorse }, leads: store)
        changesRule.changes = store
        figures += try await timed("change_worse_round") { _ = try await changesRule.evaluate(current: [:], now: settings.end) }
        let judged = AlertRule.sopDefaults.first { $0.id == "receipts_missing" }!.window.span(endingAt: settings.end)
        figures.append(("receipts_missing_texts", Double(try await store.sentMessageReceipts(sentFrom: judged.from, before: judged.before).count)))
        // The storage outlook: read at every /metrics scrape and by the disk rule's rounds.
        var footprint: StorageFootprint?
        figures += try await timed("storage_outlook") {
            footprint = try await store.storageFootprint(leadsCreatedSince: StorageOutlook.paceStart(now: settings.end))
        }
        if let footprint {
            let outlook = StorageOutlook(footprint)
            figures.append(("database_mb", Double(footprint.databaseBytes ?? 0) / 1e6))
            figures.append(("database_bytes_per_lead", outlook.bytesPerLead ?? 0))
            figures.append(("database_growth_mb_per_day", (outlook.growthBytesPerDay ?? 0) / 1e6))
        }
        figures.append(("resident_memory_mb", Double(residentMemoryKilobytes()) / 1024))
        // What of it is freed memory glibc keeps: the server gives that back after each large
        // request (`FreedMemoryReturn`); the bench, which is not a server, only measures it.
        _ = pitwall_give_back_free_pages()
        figures.append(("resident_memory_given_back_mb", Double(residentMemoryKilobytes()) / 1024))
        figures.append(("stored_events", Double(try await store.totals().events)))
        figures.append(("first_day", Double(lastDay.adding(days: -364).daysSinceEpoch)))
        figures.append(("last_day", Double(lastDay.daysSinceEpoch)))
        return figures
    }

    /// The median and 90th percentile of `iterations` runs of `body`, after one untimed run.
    func timed(_ name: String, _ body: () async throws -> Void) async throws -> [(String, Double)] {
        try await body()
        var milliseconds: [Double] = []
        for _ in 0..<max(1, iterations) {
            let started = DispatchTime.now().uptimeNanoseconds
            try await body()
            milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        milliseconds.sort()
        return [("\(name)_median_ms", milliseconds[milliseconds.count / 2]), ("\(name)_p90_ms", milliseconds[Int(Double(milliseconds.count - 1) * 0.9)])]
    }

    func report(_ figures: [(String, Double)]) -> String {
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            for (name, value) in figures {
                writer.key(name)
                writer.number((value * 1000).rounded() / 1000)
            }
            writer.endObject()
            return writer.text
        }
        return figures.map { name, value in "\(name.padding(toLength: 36, withPad: " ", startingAt: 0)) \(KPIFormatting.decimal(value, places: 3))" }
            .joined(separator: "\n")
    }

    /// `count` rules of the kinds a large group would write: every rate KPI, both ways, over
    /// several windows, per store; one in five per store and source.
    static func alertRules(count: Int) -> [AlertRule] {
        let keys: [KPIKey] = [.messageFailureRate, .messageDeliveryRate, .optOutRate, .leadResponseRate, .appointmentSettingRate, .leadToSaleConversion]
        let windows = [AlertWindow.today, AlertWindow(days: 7, skipRecentDays: 1), AlertWindow(days: 14), AlertWindow(days: 30, skipRecentDays: 1)]
        return (0..<count).map { index in
            let key = keys[index % keys.count]
            let window = windows[(index / keys.count) % windows.count]
            return AlertRule(
                id: "bench_\(index)", name: "Bench \(index)", subject: .kpi(key), window: window,
                scope: index % 5 == 4 ? .eachStoreAnd(.source) : .eachStore, direction: index % 2 == 0 ? .above : .below,
                warning: index % 2 == 0 ? 0.05 + Double(index % 7) / 100 : 0.3 - Double(index % 7) / 100, critical: nil, minimumSample: 30)
        }
    }

    func writeSimulation(_ simulator: DealershipSimulator, to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("cannot write \(path)")
        }
        defer { try? handle.close() }
        return try simulator.writeNDJSON(to: handle)
    }

    func importFile(_ path: String, into store: any EventStore) async throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("cannot open \(path)") }
        let report = try await NDJSONImporter(store: store, batchSize: NDJSONImporter.defaultBatchSize).run(handle: handle)
        return report.accepted + report.duplicates
    }

    func residentMemoryKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}

/// A clock that reads one instant: the end of the simulated year, for readings "as of now".
struct StoppedClock: WallClock {
    let instant: Timestamp
    func now() -> Timestamp { instant }
}
