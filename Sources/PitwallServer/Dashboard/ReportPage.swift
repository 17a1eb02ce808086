import Foundation
import Hummingbird
import PitwallCore

/// `/reports`: the SOP's daily, weekly and monthly reports as the schedule sends them, for any
/// past period and store: the morning review, the Monday meeting, the month's board pack.
struct ReportPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        /// For a manager: the channels the report can be sent to now.
        var channels: [Option]
        var canSend: Bool
        /// Where the send form comes back to: this report.
        var here: String
        var kinds: [Tab]
        var earlier: String
        var later: String?
        var stores: [Option]
        var kind: String
        var date: String
        var content: Content
        var json: String
    }

    /// The report itself, as the page and the e-mail show it.
    struct Content: Sendable {
        var heading: String
        var title: String
        var compared: String?
        var summary: String
        var comingIn: String?
        var attention: [String]
        var calm: Bool
        var today: Today?
        var comparisonHeading: String?
        var figures: [Figure]
        var campaignTitle: String
        var campaigns: [Campaign]
        var hasCampaigns: Bool
        var unranked: String?
        var sourceHeader: [String]
        var sources: [Source]
        var totalSources: Source?
        var hasSources: Bool
        var storeRows: [StoreRow]
        var hasStores: Bool
        var recommendations: [Advice]
        var hasRecommendations: Bool
        /// What the AI messaging cost and returned (weekly and monthly, when configured).
        var platform: [String]
        var hasPlatform: Bool
        /// Whom to coach and whose way to pass on (weekly and monthly), and the team page of those days.
        var team: [String]
        var hasTeam: Bool
        var teamTitle: String
        var teamLink: String?
        /// Weekly and monthly: each change recorded, judged at the period's end, and the page of them.
        var changes: [String]
        var hasChanges: Bool
        var changesLink: String?
        /// A monthly report's forecast of the month under way, and its page.
        var outlook: [String]
        var hasOutlook: Bool
        var outlookLink: String?
        /// A quarter's last monthly report: the SLAs to tighten or staff to, and the review page.
        var slaReview: [String]
        var hasSLAReview: Bool
        var slaReviewTitle: String?
        var slaReviewLink: String?
        /// The report's own page, in an e-mail.
        var link: String?
    }

    struct Tab: Sendable {
        var label: String
        var link: String
        var selected: Bool
    }

    /// One choice of a select: a store, a channel.
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Figure: Sendable {
        var key: String
        var name: String
        var link: String?
        var value: String
        var raw: String
        var target: String
        var badge: StatusBadge
        /// The badge's colour for an e-mail, which has no style sheet.
        var badgeStyle: String
        var previous: String?
        var change: String?
        var direction: String?
    }

    struct Campaign: Sendable {
        var name: String
        var link: String?
        var leads: String
        var replyRate: String
        var appointmentRate: String
    }

    struct Source: Sendable {
        var name: String
        var cells: [String]
    }

    struct Today: Sendable {
        var heading: String
        var appointments: String
        var followUps: String
        var warmest: [Lead]
        var hasFollowUps: Bool
        var link: String?
        var staffing: String?
        var staffingLink: String?
    }

    struct Lead: Sendable {
        var text: String
        var link: String?
    }

    struct Advice: Sendable {
        var text: String
        var page: String?
    }

    struct StoreRow: Sendable {
        var name: String
        var link: String?
        var leads: String
        var offTarget: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("reports", use: page)
        group.post("reports/send", use: send)
    }

    /// The send form: this report to one channel now, for a manager; back to the report saying so.
    @Sendable func send(request: Request, context: PitwallRequestContext) async throws -> Response {
        guard let session = context.session, session.token.scope.allows(.manage) else {
            throw DashboardError.forbidden(
                "Sending a report needs a token with manage scope; you signed in with '\(context.session?.token.name ?? "?")' (\(context.session?.token.scope.rawValue ?? "?")).")
        }
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        let store = form.text("store").map { StoreID($0) }
        let now = dependencies.clock.now()
        let outcome: DeliveryOutcome
        do {
            let asked = try ReportRequest.parse(kind: form.text("kind"), date: form.text("date"), today: dependencies.configuration.today(store: store, at: now))
            outcome = try await ReportDispatcher(dependencies: dependencies, retryDelays: [], renderer: renderer)
                .sendNow(asked.kind, period: asked.period, store: store, channel: form.text("channel"), by: session.token.name)
        } catch let error as ParameterError {
            throw DashboardError.badParameter(error)
        }
        guard outcome.delivered else {
            throw DashboardError(status: .badGateway, title: "Not sent", message: "The channel '\(form.text("channel") ?? "")' did not take the report: \(outcome.detail)")
        }
        return AlertsPage.back(form, done: "Report sent to \(form.text("channel") ?? "")")
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let store = request.query("store").map { StoreID($0) }
        let today = configuration.today(store: store, at: now)
        let asked: ReportRequest
        do {
            asked = try ReportRequest.parse(kind: request.query("kind"), date: request.query("date"), today: today)
        } catch {
            throw DashboardError.badParameter(error)
        }
        return renderer.html(try await view(asked, store: store, session: context.session!, now: now, notice: request.query("done")), template: "report")
    }

    func view(_ asked: ReportRequest, store: StoreID?, session: DashboardSession, now: Timestamp, notice: String? = nil) async throws -> View {
        let configuration = dependencies.configuration
        let report = try await dependencies.performanceReport(asked.kind, period: asked.period, store: store, now: now)
        let chrome = PageChrome(
            title: asked.kind.title, section: .reports, session: session, now: now, zone: store.map(configuration.store) ?? configuration.homeStore,
            notice: notice)
        let known = try await dependencies.knownStores().map(\.id)
        return Self.view(
            report, asked: asked, stores: known, configuration: configuration, chrome: chrome, today: configuration.today(store: store, at: now))
    }

    static func view(
        _ report: PerformanceReport, asked: ReportRequest, stores known: [StoreID], configuration: PitwallConfiguration, chrome: PageChrome, today: CivilDate
    ) -> View {
        let store = report.store
        let (earlier, later) = asked.neighbours(today: today)
        let channels = configuration.notifications.channels.filter { $0.serves(store) }
        return View(
            chrome: chrome,
            channels: channels.map { Option(value: $0.name, label: $0.name, selected: false) },
            canSend: chrome.canManage && !channels.isEmpty, here: PerformanceReport.pagePath(report.kind, date: report.period.lowerBound, store: store),
            kinds: ReportKind.allCases.map { kind in
                Tab(
                    label: kind.title.replacingOccurrences(of: " report", with: ""),
                    link: PerformanceReport.pagePath(kind, date: kind.lastWholePeriod(today: today).lowerBound, store: store), selected: kind == report.kind)
            },
            earlier: PerformanceReport.pagePath(report.kind, date: earlier, store: store), later: later.map { PerformanceReport.pagePath(report.kind, date: $0, store: store) },
            stores: [Option(value: "", label: "All stores", selected: store == nil)]
                + known.map { Option(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == store) },
            kind: report.kind.rawValue, date: report.period.lowerBound.description, content: content(report, today: today, linkBase: ""),
            json: "/v1/reports/\(report.kind.rawValue)?date=\(report.period.lowerBound)" + (store.map { "&store=" + PerformanceReport.encoded($0.rawValue) } ?? ""))
    }

    /// The report's sections. Links start with `linkBase`: "" on the page, Pitwall's address in
    /// an e-mail; none at all without one (an e-mail cannot follow a path).
    static func content(_ report: PerformanceReport, today: CivilDate, linkBase: String?) -> Content {
        let link = { (path: String) in linkBase.map { PerformanceReport.joined($0, path) } }
        let encoded = PerformanceReport.encoded
        let figures = report.figures.map { figure in
            let badge = ScorecardPage.badge(figure.result, definition: figure.definition, today: today)
            return Figure(
                key: figure.definition.key.rawValue, name: figure.definition.name, link: link("/kpis/\(figure.definition.key.rawValue)?\(report.windowQuery)"),
                value: figure.value, raw: figure.result.value.map(JSONWriter.format) ?? "", target: figure.target, badge: badge,
                badgeStyle: Self.emailColours[badge.colour] ?? Self.emailColours["grey"]!, previous: figure.previousValue, change: figure.change,
                direction: figure.previous.flatMap { figure.result.shownDirection(from: $0, definition: figure.definition)?.rawValue })
        }
        let (ranked, tooFew) = report.rankedCampaigns
        let attention = report.needsAttention
        let storeLines = report.storeLines
        let sourceTable = report.sourceTable
        let recommendations = report.recommendations.map { Advice(text: $0.text, page: $0.page.flatMap { link($0) }) }
        return Content(
            heading: report.kind.title, title: "\(report.scopeName), \(report.kind.periodName(report.period))",
            compared: report.comparedPeriod.map { "Beside \(report.kind.periodName($0)), \(report.kind.comparedPhrase)." },
            summary: report.summary,
            comingIn: report.comingInSentence,
            attention: attention, calm: attention.isEmpty,
            today: report.today.map { today in
                let lines = today.lines
                return Today(
                    heading: today.heading, appointments: lines[0], followUps: lines[1],
                    warmest: today.warmest.map { Lead(text: $0.line, link: link("/leads/\(encoded($0.leadID.rawValue))")) },
                    hasFollowUps: today.followUps > 0, link: link(report.followUpsPath), staffing: today.staffingLine,
                    staffingLink: link("/outlook" + (report.store.map { "?store=" + encoded($0.rawValue) } ?? "")))
            },
            comparisonHeading: report.comparedPeriod == nil ? nil : report.kind.comparedHeading, figures: figures,
            campaignTitle: report.campaignTitle,
            campaigns: report.campaignsShown.map { line in
                Campaign(
                    name: line.name, link: link("/kpis?\(report.campaignWindowQuery)&campaign=\(encoded(line.value))"),
                    leads: KPIFormatting.grouped(Int64(line.volume.leads)), replyRate: KPIFormatting.value(line.replyRate, unit: .ratio),
                    appointmentRate: KPIFormatting.value(line.appointmentRate, unit: .ratio))
            },
            hasCampaigns: !ranked.isEmpty,
            unranked: tooFew > 0 ? "\(KPIFormatting.count(tooFew, "campaign", "campaigns")) with fewer than \(Int(KPIJudgement.judgedSample)) leads contacted not ranked." : nil,
            sourceHeader: Array(sourceTable.header.dropFirst()),
            sources: sourceTable.rows.dropLast().map { Source(name: $0[0], cells: Array($0.dropFirst())) },
            totalSources: sourceTable.rows.last.map { Source(name: $0[0], cells: Array($0.dropFirst())) },
            hasSources: !report.spend.lines.isEmpty,
            storeRows: storeLines.map { line in
                StoreRow(
                    name: line.name, link: link(PerformanceReport.pagePath(report.kind, date: report.period.lowerBound, store: line.store)),
                    leads: KPIFormatting.grouped(Int64(line.leads)),
                    offTarget: line.offTarget.isEmpty ? "none" : line.offTarget.map(\.definition.name).joined(separator: ", "))
            },
            hasStores: storeLines.count > 1,
            recommendations: recommendations, hasRecommendations: !recommendations.isEmpty, platform: report.platformLines, hasPlatform: !report.platformLines.isEmpty,
            team: report.team, hasTeam: !report.team.isEmpty, teamTitle: report.teamTitle,
            teamLink: report.teamDays.flatMap { days in
                // The page set beside the same window as the report: its usual is the window before.
                let comparison = PerformanceReport.teamComparison(report.kind)
                return link(
                    "/team?window=custom&from=\(days.lowerBound)&to=\(days.upperBound)" + (report.store.map { "&store=" + PerformanceReport.encoded($0.rawValue) } ?? "")
                        + (comparison == .previous ? "" : "&compare=\(comparison.rawValue)"))
            },
            changes: report.changes, hasChanges: !report.changes.isEmpty,
            changesLink: link("/changes" + (report.store.map { "?store=" + PerformanceReport.encoded($0.rawValue) } ?? "")),
            outlook: report.outlook, hasOutlook: !report.outlook.isEmpty,
            outlookLink: report.outlookPage.flatMap { link($0) },
            slaReview: report.slaReview, hasSLAReview: !report.slaReview.isEmpty,
            slaReviewTitle: report.slaReviewDays.map { "SLA review, " + ReportingWindow(preset: .custom, from: $0.lowerBound, to: $0.upperBound).label },
            slaReviewLink: report.slaReviewPage.flatMap { link($0) }, link: link(report.pagePath))
    }

    /// A badge's colours for mail clients, which ignore style sheets: background and text.
    static let emailColours = [
        "green": "background:#dcfce7;color:#14532d", "yellow": "background:#fef3c7;color:#78350f", "red": "background:#fee2e2;color:#7f1d1d",
        "grey": "background:#e5e7eb;color:#1f2937",
    ]
}
