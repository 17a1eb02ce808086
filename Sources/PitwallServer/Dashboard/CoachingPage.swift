import Foundation
import Hummingbird
import PitwallCore

/// `/coaching`: the coaching log, for the monthly review of whether training took. Each
/// session the BDC manager recorded, with the agent's figure it worked on in the days since
/// against as many days before; a form to record one (manage scope). The same as
/// `GET /v1/coaching`.
struct CoachingPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var windowLabel: String
        var summary: String
        var sessions: [Line]
        var hasSessions: Bool
        var stores: [Choice]
        var agents: [Choice]
        var focuses: [Choice]
        var today: String
        var agent: String?
        var longestSide: String
        var smallestTested: String
    }

    struct Line: Sendable {
        var id: String
        var day: String
        var agent: String
        var agentID: String
        var store: String
        var focus: String
        var before: String
        /// "6 Oct – 4 Nov 2026": the days of `before`.
        var beforeDays: String?
        var since: String
        var sinceDays: String?
        var verdict: String
        var verdictWords: String
        var colour: String
        var words: String
        var note: String?
        var by: String
        var teamLink: String
        /// The fields as recorded, for the form that edits them.
        var form: EditForm
    }

    struct EditForm: Sendable {
        var day: String
        var agent: String
        var note: String
        var stores: [Choice]
        var focuses: [Choice]
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("coaching", use: page)
        group.post("coaching", use: record)
        group.post("coaching/{id}/remove", use: remove)
        group.post("coaching/{id}/edit", use: edit)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let view = try await view(
            store: request.query("store").map { StoreID($0) }, agent: request.query("agent"), notice: request.query("done"), session: context.session!,
            now: dependencies.clock.now())
        return renderer.html(view, template: "coaching")
    }

    /// The log of the 90 days up to `now`'s day; `agent` fills the form's agent.
    func view(store: StoreID?, agent: String?, notice: String?, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let today = configuration.today(store: store, at: now)
        let days = today.adding(days: 1 - BeforeAndSince.usualLogDays)...today
        let reading = try await CoachingReading(days, store: store, dependencies: dependencies)
        let catalog = configuration.kpiCatalog
        let stores = try await dependencies.rollups.storesToList(configuration)
        func form(_ recorded: CoachingSession) -> EditForm {
            EditForm(
                day: recorded.day.description, agent: recorded.agent, note: recorded.note ?? "",
                stores: stores.map { Choice(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == recorded.store) },
                focuses: CoachingSession.focuses.map { Choice(value: $0.rawValue, label: catalog[$0].name, selected: $0 == recorded.focus) })
        }
        let lines = reading.review.outcomes.map { outcome in
            let definition = catalog[outcome.session.focus]
            func figure(_ result: KPIResult?, _ window: ClosedRange<CivilDate>?) -> String {
                BeforeAndSinceCells.figure(result, window, unit: definition.unit)
            }
            let (words, colour): (String, String) =
                switch outcome.verdict {
                case .took: ("Took", "green")
                case .slipped: ("Worse since", "red")
                case .noClearChange: ("No clear change", "yellow")
                case .tooEarly: ("Too early", "grey")
                }
            let window = outcome.since.map { "window=custom&from=\($0.lowerBound)&to=\($0.upperBound)" } ?? "window=\(ReportingWindow.Preset.last30Days.rawValue)"
            return Line(
                id: outcome.session.id, day: LocalTimeFormatting.longDate(outcome.session.day), agent: reading.agentName(outcome.session),
                agentID: outcome.session.agent, store: reading.storeName(outcome.session.store), focus: definition.name,
                before: figure(outcome.figureBefore, outcome.before), beforeDays: BeforeAndSinceCells.days(outcome.before), since: figure(outcome.figureSince, outcome.since),
                sinceDays: BeforeAndSinceCells.days(outcome.since), verdict: outcome.verdict.rawValue,
                verdictWords: words, colour: colour, words: outcome.words(catalog: catalog), note: outcome.session.note, by: outcome.session.recordedBy,
                teamLink: "/team?\(window)&store=\(outcome.session.store.rawValue)&compare=previous", form: form(outcome.session))
        }
        // The agents of the last 30 days, for the form's list of suggestions.
        let recent = try await dependencies.rollups.rollupRows(
            dimension: .agent, days: today.adding(days: -29).daysSinceEpoch...today.daysSinceEpoch, store: store, counters: .only([.leads]))
        let agents = Set(recent.map(\.cell.value).filter { !$0.isEmpty }).sorted().map {
            Choice(value: $0, label: reading.names.value($0, of: .agent), selected: false)
        }
        let review = reading.review
        let summary =
            review.outcomes.isEmpty
            ? "No coaching recorded in these 90 days."
            : "\(KPIFormatting.count(review.outcomes.count, "session", "sessions")): \(review.count(.took)) took, \(review.count(.slipped)) worse since, "
                + "\(review.count(.noClearChange)) without a clear change, \(review.count(.tooEarly)) too early to tell."
        let home = store.map(configuration.store) ?? configuration.homeStore
        return View(
            chrome: PageChrome(title: "Coaching log", section: .speedToLead, session: session, now: now, zone: home, notice: notice),
            windowLabel: ReportingWindow(preset: .custom, from: days.lowerBound, to: days.upperBound).label, summary: summary, sessions: lines,
            hasSessions: !lines.isEmpty,
            stores: stores.map { Choice(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == store) },
            agents: agents, focuses: CoachingSession.focuses.map { Choice(value: $0.rawValue, label: catalog[$0].name, selected: false) },
            today: today.description, agent: agent, longestSide: "\(BeforeAndSince.longestSide)",
            smallestTested: "\(Int(TeamReview.smallestTested))")
    }

    @Sendable func record(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.record(request, context, needs: "Recording coaching needs", done: "Coaching recorded") { session, form in
            _ = try await dependencies.recordCoaching(
                store: form.text("store_id"), agent: form.text("agent"), day: form.text("day"), focus: form.text("focus"), note: form.text("note"),
                by: session.token.name)
        }
    }

    @Sendable func edit(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.change(
            request, context, needs: "Editing coaching needs", done: "Coaching saved", missing: { "There is no coaching session '\($0)'." }
        ) { session, form, id in
            try await dependencies.editCoaching(
                id: id, store: form.text("store_id"), agent: form.text("agent"), day: form.text("day"), focus: form.text("focus"), note: form.text("note"),
                by: session.token.name) != nil
        }
    }

    @Sendable func remove(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.change(
            request, context, needs: "Removing coaching needs", done: "Coaching removed", missing: { "There is no coaching session '\($0)'." }
        ) { session, _, id in
            guard try await dependencies.coaching.removeCoaching(id, by: session.token.name, at: dependencies.clock.now()) != nil else { return false }
            dependencies.live.changed()
            return true
        }
    }
}
