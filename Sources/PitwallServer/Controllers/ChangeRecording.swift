import Foundation
import PitwallCore

extension AppDependencies {
    /// Records a change from the fields of an API body or a dashboard form, as `actor`;
    /// nothing is stored when a field is refused, and the refusal names it.
    func recordChange(
        title: String?, day: String?, store: String?, segment: String?, segmentValue: String?, figure: String?, note: String?, by actor: String
    ) async throws -> ProcessChange {
        let change = try await validatedChange(
            id: "change-" + UUID().uuidString.lowercased(), title: title, day: day, store: store, segment: segment, segmentValue: segmentValue,
            figure: figure, note: note, by: actor)
        try await changes.recordChange(change)
        live.changed()
        return change
    }

    /// Puts the fields in place of the recorded change `id`'s, checked as when recording one;
    /// nil when there is no such change (or it is not the caller's to edit).
    func editChange(
        id: String, title: String?, day: String?, store: String?, segment: String?, segmentValue: String?, figure: String?, note: String?,
        by actor: String
    ) async throws -> ProcessChange? {
        // Another organisation's or store's change is not found, whatever the fields say.
        guard let recorded = try await changes.processChanges(days: nil, store: nil).first(where: { $0.id == id }) else { return nil }
        let change = try await validatedChange(
            id: id, title: title, day: day, store: store, segment: segment, segmentValue: segmentValue, figure: figure, note: note, by: actor,
            recorded: recorded)
        guard let edited = try await changes.editChange(change, by: actor, at: clock.now()) else { return nil }
        live.changed()
        return edited
    }

    private func validatedChange(
        id: String, title: String?, day: String?, store: String?, segment: String?, segmentValue: String?, figure: String?, note: String?,
        by actor: String, recorded: ProcessChange? = nil
    ) async throws -> ProcessChange {
        let now = clock.now()
        let shop = store.flatMap { $0.isEmpty ? nil : StoreID($0) }
        // A rooftop's manager is told the stores they may write to, not that another store is unknown.
        if let refusal = StoreWriteLimit.changeRefusal(for: shop) { throw ParameterError(name: "store_id", reason: refusal) }
        let today = configuration.today(store: shop, at: now)
        if let refusal = ProcessChange.refusal(
            title: title, day: day, store: store, segment: segment, segmentValue: segmentValue, figure: figure, note: note, today: today,
            knownStores: Set(try await rollups.storesToList(configuration)))
        {
            throw refusal
        }
        var limitedTo: ProcessChange.Segment?
        if let name = segment.flatMap({ $0.isEmpty ? nil : SegmentDimension(rawValue: $0) }), let value = segmentValue {
            limitedTo = ProcessChange.Segment(dimension: name, value: value.trimmingCharacters(in: .whitespaces))
            // A segment kept as recorded is not checked again: a source that has since gone quiet
            // must not stop its change's title or note being corrected.
            if recorded?.segment != limitedTo || recorded?.store != shop { try await checkSeen(limitedTo!, at: shop, today: today) }
        }
        return ProcessChange(
            id: id, day: CivilDate(iso: day!)!, store: shop, segment: limitedTo, figure: KPIKey(rawValue: figure!)!,
            title: title!.trimmingCharacters(in: .whitespaces), note: note.flatMap { $0.isEmpty ? nil : $0 }, recordedBy: actor, recordedAt: now)
    }

    /// A mistyped source or campaign would read "too early" for ever: the value must have had
    /// a lead where the change applies in the year up to today.
    private func checkSeen(_ segment: ProcessChange.Segment, at store: StoreID?, today: CivilDate) async throws {
        let seen = try await SegmentValuesSeen(segment.dimension, store: store, today: today, rollups: rollups)
        guard !seen.inYear.contains(segment.value) else { return }
        throw ParameterError(
            name: "segment_value", reason: SegmentValuesSeen.unseen((segment.dimension, segment.value), store: store?.rawValue) + seen.recentInWords)
    }
}
