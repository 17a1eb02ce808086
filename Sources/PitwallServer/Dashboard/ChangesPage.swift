import Foundation
import Hummingbird
import PitwallCore

/// `/changes`: the changes made, for the SOP's "monitor performance improvements" after each
/// change the team makes (a template, a send time, a routing rule, a source's follow-ups).
/// Each change with the figure it was meant to move in the days since against as many days
/// before, the rest of the group beside it; a form to record one (manage scope). The same as
/// `GET /v1/changes`.
struct ChangesPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var windowLabel: String
        var summary: String
        var changes: [Line]
        var hasChanges: Bool
        var stores: [CoachingPage.Choice]
        var segments: [CoachingPage.Choice]
        var segmentValues: [CoachingPage.Choice]
        var figures: [CoachingPage.Choice]
        var today: String
        var longestSide: String
        var smallestTested: String
    }

    struct Line: Sendable {
        var id: String
        var day: String
        var title: String
        var scope: String
        var figure: String
        var before: String
        var beforeDays: String?
        var since: String
        var sinceDays: String?
        /// The rest of the group's figure since and before, when the change has a rest.
        var rest: String?
        var verdict: String
        var verdictWords: String
        var colour: String
        /// The change's own move was clear, but the rest's was as large: not called.
        var movedWithRest: Bool
        var words: String
        var note: String?
        var by: String
        /// The scorecard's page of the figure, for the days around the change.
        var figureLink: String
        /// A rooftop's manager cannot remove or edit a change of every store.
        var removable: Bool
        /// The fields as recorded, for the form that edits them.
        var form: EditForm
    }

    struct EditForm: Sendable {
        var day: String
        var title: String
        var note: String
        var stores: [CoachingPage.Choice]
        var segments: [CoachingPage.Choice]
        var segmentValue: String
        var figures: [CoachingPage.Choice]
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("changes", use: page)
        group.post("changes", use: record)
        group.post("changes/{id}/remove", use: remove)
        group.post("changes/{id}/edit", use: edit)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let view = try await view(
            store: request.query("store").map { StoreID($0) }, notice: request.query("done"), session: context.session!, now: dependencies.clock.now())
        return renderer.html(view, template: "changes")
    }

    /// The log of the 90 days up to `now`'s day.
    func view(store: StoreID?, notice: String?, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let today = configuration.today(store: store, at: now)
        let days = today.adding(days: 1 - BeforeAndSince.usualLogDays)...today
        let reading = try await ChangeLogReading(days, store: store, dependencies: dependencies)
        let catalog = configuration.kpiCatalog
        let limited = TenantScope.stores != nil
        let stores = try await dependencies.rollups.storesToList(configuration)
        typealias Choice = CoachingPage.Choice
        func form(_ change: ProcessChange) -> EditForm {
            EditForm(
                day: change.day.description, title: change.title, note: change.note ?? "",
                stores: stores.map { Choice(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == change.store) },
                segments: ProcessChange.segmentDimensions.map {
                    Choice(value: $0.rawValue, label: $0.words.prefix(1).uppercased() + $0.words.dropFirst(), selected: $0 == change.segment?.dimension)
                },
                segmentValue: change.segment?.value ?? "",
                figures: ProcessChange.figures.map { Choice(value: $0.rawValue, label: catalog[$0].name, selected: $0 == change.figure) })
        }
        let lines = reading.review.outcomes.map { outcome in
            let change = outcome.change
            let definition = catalog[change.figure]
            func figure(_ result: KPIResult?, _ window: ClosedRange<CivilDate>?) -> String {
                BeforeAndSinceCells.figure(result, window, unit: definition.unit)
            }
            let (words, colour): (String, String) =
                switch outcome.verdict {
                case .better: ("Better since", "green")
                case .worse: ("Worse since", "red")
                case .noClearChange: ("No clear change", "yellow")
                case .tooEarly: ("Too early", "grey")
                }
            var rest: String?
            if let name = change.restWords, outcome.since != nil, outcome.hasRest {
                rest = "\(name): \(figure(outcome.restSince, outcome.since)), from \(figure(outcome.restBefore, outcome.before))"
                if outcome.verdict != .tooEarly, let net = outcome.netChange {
                    rest! += "; net of them, \(KPIFormatting.gap(net, unit: definition.unit))"
                    if outcome.judgedNetOfRest, [.better, .worse].contains(outcome.verdict) { rest! += ", past chance" }
                }
            }
            let around = outcome.before.map { before in "window=custom&from=\(before.lowerBound)&to=\(outcome.since?.upperBound ?? today)" } ?? "window=last_30_days"
            var link = "/kpis/\(change.figure.rawValue)?\(around)&compare=off"
            if let store = change.store { link += "&store=\(SessionMiddleware.percentEncoded(store.rawValue))" }
            if let segment = change.segment { link += "&\(segment.dimension.rawValue)=\(SessionMiddleware.percentEncoded(segment.value))" }
            return Line(
                id: change.id, day: LocalTimeFormatting.longDate(change.day), title: change.title,
                scope: change.scopeWords(storeName: reading.storeName(change.store)), figure: definition.name,
                before: figure(outcome.figureBefore, outcome.before), beforeDays: BeforeAndSinceCells.days(outcome.before), since: figure(outcome.figureSince, outcome.since),
                sinceDays: BeforeAndSinceCells.days(outcome.since), rest: rest, verdict: outcome.verdict.rawValue, verdictWords: words, colour: colour,
                movedWithRest: outcome.movedWithRest, words: outcome.words(catalog: catalog, restName: change.restWords ?? ""), note: change.note,
                by: change.recordedBy, figureLink: link, removable: !limited || change.store != nil, form: form(change))
        }
        // The sources and campaigns of the last 30 days, for the form's suggestions.
        var values: Set<String> = []
        for dimension in [SegmentDimension.source, .campaign] {
            let recent = try await dependencies.rollups.rollupRows(
                dimension: dimension, days: today.adding(days: -29).daysSinceEpoch...today.daysSinceEpoch, store: store, counters: .only([.leads]))
            values.formUnion(recent.map(\.cell.value).filter { !$0.isEmpty })
        }
        let review = reading.review
        let summary =
            review.outcomes.isEmpty
            ? "No change recorded in these 90 days."
            : "\(KPIFormatting.count(review.outcomes.count, "change", "changes")): \(review.count(.better)) better since, "
                + "\(review.count(.worse)) worse since, \(review.count(.noClearChange)) without a clear change, \(review.count(.tooEarly)) too early to tell."
        let home = store.map(configuration.store) ?? configuration.homeStore
        return View(
            chrome: PageChrome(title: "Changes made", section: .scorecard, session: session, now: now, zone: home, notice: notice),
            windowLabel: ReportingWindow(preset: .custom, from: days.lowerBound, to: days.upperBound).label, summary: summary, changes: lines,
            hasChanges: !lines.isEmpty,
            stores: stores.map { Choice(value: $0.rawValue, label: configuration.store($0).name, selected: $0 == store) },
            segments: ProcessChange.segmentDimensions.map { Choice(value: $0.rawValue, label: $0.words.prefix(1).uppercased() + $0.words.dropFirst(), selected: false) },
            segmentValues: values.sorted().map { Choice(value: $0, label: $0, selected: false) },
            figures: ProcessChange.figures.map { Choice(value: $0.rawValue, label: catalog[$0].name, selected: $0 == .leadResponseRate) },
            today: today.description, longestSide: "\(BeforeAndSince.longestSide)", smallestTested: "\(Int(BeforeAndSince.smallestTested))")
    }

    @Sendable func record(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.record(request, context, needs: "Recording a change needs", done: "Change recorded") { session, form in
            _ = try await dependencies.recordChange(
                title: form.text("title"), day: form.text("day"), store: form.text("store_id"), segment: form.text("segment"),
                segmentValue: form.text("segment_value"), figure: form.text("figure"), note: form.text("note"), by: session.token.name)
        }
    }

    @Sendable func edit(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.change(request, context, needs: "Editing a change needs", done: "Change saved", missing: { "There is no change '\($0)'." }) {
            session, form, id in
            try await dependencies.editChange(
                id: id, title: form.text("title"), day: form.text("day"), store: form.text("store_id"), segment: form.text("segment"),
                segmentValue: form.text("segment_value"), figure: form.text("figure"), note: form.text("note"), by: session.token.name) != nil
        }
    }

    @Sendable func remove(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await HandKeptForms.change(request, context, needs: "Removing a change needs", done: "Change removed", missing: { "There is no change '\($0)'." }) {
            session, _, id in
            guard try await dependencies.changes.removeChange(id, by: session.token.name, at: dependencies.clock.now()) != nil else { return false }
            dependencies.live.changed()
            return true
        }
    }
}
