import Foundation
import Hummingbird
import PitwallCore

/// `/delays`: the delays agents reported (seed 004's "use agent feedback to revise workflows
/// that create unnecessary delays"), a step a line, the costliest open one first, with what
/// it costs a week, each report behind it, and, once a change names it, whether the change
/// moved its figure; a form to record one (manage scope). The same as `GET /v1/delays`.
struct DelaysPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var windowLabel: String
        var summary: String
        var steps: [Line]
        var hasSteps: Bool
        var stores: [Choice]
        var agents: [Choice]
        var shares: [Choice]
        var changes: [Choice]
        var today: String
        var weeks: String
    }

    struct Line: Sendable {
        var step: String
        var store: String
        var status: String
        var statusWords: String
        var colour: String
        var reportCount: String
        /// "The 2 reports", "The report".
        var reportsLabel: String
        var who: String
        var minutes: String
        var share: String
        var hoursAWeek: String
        var change: String?
        var words: String
        var reports: [Report]
    }

    struct Report: Sendable {
        var id: String
        var day: String
        var agent: String
        var minutes: String
        var share: String
        var note: String?
        var by: String
        var form: EditForm
    }

    struct EditForm: Sendable {
        var day: String
        var agent: String
        var step: String
        var minutes: String
        var note: String
        var stores: [Choice]
        var shares: [Choice]
        var changes: [Choice]
    }

    typealias Choice = CoachingPage.Choice

    /// The shares a form offers: a manager knows "about half", not "0.47".
    static let shares: [(Double, String)] = [(1, "every lead"), (0.75, "3 in 4 leads"), (0.5, "half the leads"), (0.25, "1 in 4 leads"), (0.1, "1 in 10 leads")]

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("delays", use: page)
        group.post("delays", use: record)
        group.post("delays/{id}/remove", use: remove)
        group.post("delays/{id}/edit", use: edit)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let view = try await view(store: request.query("store").map { StoreID($0) }, notice: request.query("done"), session: context.session!, now: dependencies.clock.now())
        return renderer.html(view, template: "delays")
    }

    /// The reports of the 90 days up to `now`'s day.
    func view(store: StoreID?, notice: String?, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let today = configuration.today(store: store, at: now)
        let days = today.adding(days: 1 - BeforeAndSince.usualLogDays)...today
        let reading = try await DelayReading(days, store: store, dependencies: dependencies)
        let catalog = configuration.kpiCatalog
        let stores = try await dependencies.rollups.storesToList(configuration)
        // The changes of the last year a report may name: the fix is often older than the complaint.
        let changes = try await dependencies.changes.processChanges(days: today.adding(days: -365)...today, store: store).reversed()
        func changeChoices(_ chosen: String?, store shop: StoreID?) -> [Choice] {
            [Choice(value: "", label: "not yet", selected: chosen == nil)]
                + changes.filter { shop == nil || $0.store == nil || $0.store == shop }.map {
                    Choice(
                        value: $0.id, label: "\($0.title) (\(LocalTimeFormatting.longDate($0.day)), \($0.store.map(configuration.store)?.name ?? "every store"))",
                        selected: $0.id == chosen)
                }
        }
        func shareChoices(_ chosen: Double) -> [Choice] {
            var choices = Self.shares.map { Choice(value: "\($0.0)", label: $0.1, selected: $0.0 == chosen) }
            if !Self.shares.contains(where: { $0.0 == chosen }) {
                choices.append(Choice(value: "\(chosen)", label: "\(KPIFormatting.percent(chosen)) of leads", selected: true))
            }
            return choices
        }
        let lines = reading.review.steps.map { step in
            let (words, colour): (String, String) =
                switch (step.status, step.change?.verdict) {
                case (.open, _): ("Open", "red")
                case (.addressed, .better?): ("Fixed: better since", "green")
                case (.addressed, .worse?): ("Fix: worse since", "red")
                case (.addressed, .tooEarly?): ("Fix: too early", "grey")
                case (.addressed, _): ("Fix: no clear change", "yellow")
                }
            let agents = step.agents
            return Line(
                step: step.step, store: reading.storeName(step.store), status: step.status.rawValue, statusWords: words, colour: colour,
                reportCount: "\(step.reports.count)", reportsLabel: step.reports.count == 1 ? "The report" : "The \(step.reports.count) reports",
                who: agents.isEmpty ? "the team" : KPIFormatting.spokenList(agents.map(reading.agentName))
                    + (step.workload.map { " (\(agents.count) of \($0.agents))" } ?? ""),
                minutes: KPIFormatting.duration(seconds: step.minutes * 60), share: KPIFormatting.percent(step.share),
                hoursAWeek: step.hoursAWeek.map { KPIFormatting.duration(seconds: $0 * 3_600) } ?? "–",
                change: step.change.map { "\($0.change.title) (\(LocalTimeFormatting.longDate($0.change.day)))" } ?? step.missingChange,
                words: step.costWords(agentName: reading.agentName) + " " + step.statusWords(catalog: catalog),
                reports: step.reports.reversed().map { report in
                    Report(
                        id: report.id, day: LocalTimeFormatting.longDate(report.day), agent: report.agent.map(reading.agentName) ?? "the team",
                        minutes: KPIFormatting.duration(seconds: report.minutes * 60), share: KPIFormatting.percent(report.share), note: report.note,
                        by: report.recordedBy,
                        form: EditForm(
                            day: report.day.description, agent: report.agent ?? "", step: report.step, minutes: KPIFormatting.decimal(report.minutes, places: 1),
                            note: report.note ?? "",
                            stores: stores.map { Choice(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == report.store) },
                            shares: shareChoices(report.share), changes: changeChoices(report.change, store: report.store)))
                })
        }
        // The agents of the last 30 days, for the form's list of suggestions.
        let recent = try await dependencies.rollups.rollupRows(
            dimension: .agent, days: today.adding(days: -29).daysSinceEpoch...today.daysSinceEpoch, store: store, counters: .only([.leads]))
        let agents = Set(recent.map(\.cell.value).filter { !$0.isEmpty }).sorted().map {
            Choice(value: $0, label: reading.names.value($0, of: .agent), selected: false)
        }
        let review = reading.review
        let open = review.count(.open)
        let summary =
            review.steps.isEmpty
            ? "No delay reported in these 90 days."
            : "\(KPIFormatting.count(review.steps.count, "step", "steps")) reported: \(open) open"
                + (review.openHoursAWeek > 0 ? " (some \(KPIFormatting.duration(seconds: review.openHoursAWeek * 3_600)) of agents' time a week)" : "")
                + ", \(review.count(.addressed)) with a fix recorded."
        let home = store.map(configuration.store) ?? configuration.homeStore
        return View(
            chrome: PageChrome(title: "Delays agents report", section: .speedToLead, session: session, now: now, zone: home, notice: notice),
            windowLabel: reading.windowLabel, summary: summary, steps: lines, hasSteps: !lines.isEmpty,
            stores: stores.map { Choice(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == store) }, agents: agents,
            shares: shareChoices(1), changes: changeChoices(nil, store: store), today: today.description, weeks: "\(DelayReview.Workload.weeks)")
    }

    static func fields(_ form: FormFields) -> DelayFields {
        DelayFields(
            store: form.text("store_id"), agent: form.text("agent"), day: form.text("day"), step: form.text("step"), minutes: form.text("minutes"),
            share: form.text("share"), change: form.text("change_id"), note: form.text("note"))
    }

    @Sendable func record(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.record(request, context, needs: "Recording a delay needs", done: "Delay recorded") { session, form in
            _ = try await dependencies.recordDelay(Self.fields(form), by: session.token.name)
        }
    }

    @Sendable func edit(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.change(request, context, needs: "Editing a delay needs", done: "Delay saved", missing: { "There is no reported delay '\($0)'." }) {
            session, form, id in
            try await dependencies.editDelay(id: id, Self.fields(form), by: session.token.name) != nil
        }
    }

    @Sendable func remove(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.change(request, context, needs: "Removing a delay needs", done: "Delay removed", missing: { "There is no reported delay '\($0)'." }) {
            session, _, id in
            guard try await dependencies.delays.removeDelay(id, by: session.token.name, at: dependencies.clock.now()) != nil else { return false }
            dependencies.live.changed()
            return true
        }
    }
}
