import PitwallCore

extension ScorecardPage {
    /// Said above an empty page narrowed to a value no lead has had in the year: a mistyped
    /// source in a bookmarked link reads as a misspelling, not as a quiet month, with the
    /// values that did have leads lately to pick from instead.
    struct UnseenSegment: Sendable {
        var words: String
        var choices: [Choice]
        /// Stored, as the templates read stored properties only.
        var hasChoices: Bool

        struct Choice: Sendable {
            var label: String
            var link: String
            var separator: String
        }
    }
}

extension ScorecardPage.FilterForm {
    /// Sets `unseenSegment` when the filters' segment had no lead in the year up to today, at
    /// the filters' store or any; called by a page only when it came out empty, as the check
    /// reads a year of the segment's rollups.
    mutating func explainEmpty(_ filters: ScorecardFilters, dependencies: AppDependencies, now: Timestamp) async throws {
        guard let segment = filters.segment, !segment.value.isEmpty else { return }
        let configuration = dependencies.configuration
        let seen = try await SegmentValuesSeen(
            segment.dimension, store: filters.store, today: configuration.today(store: filters.store, at: now), rollups: dependencies.rollups)
        guard !seen.inYear.contains(segment.value) else { return }
        let shown = seen.recent.prefix(12)
        let names = configuration.names
        let choices = shown.enumerated().map { index, value in
            ScorecardPage.UnseenSegment.Choice(
                // A KPI page's breakdown is kept, as its own links keep it.
                label: names.value(value, of: segment.dimension),
                link: "\(action)?\(filters.query([segment.dimension.rawValue: value]))" + (by.map { "&by=" + SessionMiddleware.percentEncoded($0) } ?? ""),
                separator: index == shown.count - 1 ? "" : " · ")
        }
        unseenSegment = ScorecardPage.UnseenSegment(
            words: SegmentValuesSeen.unseen(segment, store: filters.store.map { configuration.store($0).name }).capitalizedFirst + ".",
            choices: choices, hasChoices: !choices.isEmpty)
    }
}
