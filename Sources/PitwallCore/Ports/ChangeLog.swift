/// Where recorded changes to how the dealership works live. Recording, editing and removing
/// each write an audit line.
public protocol ChangeLog: Sendable {
    /// The changes that took effect on `days` (every one when nil), oldest first. With `store`,
    /// that store's changes and those of every store (they apply to it too).
    func processChanges(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ProcessChange]

    /// Stores a change; one with the same id replaces it (a client's retry, `pitwall copy`).
    func recordChange(_ change: ProcessChange) async throws

    /// Puts `change`'s fields in place of those of the recorded change with its id, keeping who
    /// recorded it and when, and logging who edited it and what it was; nil for an unknown id.
    func editChange(_ change: ProcessChange, by actor: String, at instant: Timestamp) async throws -> ProcessChange?

    /// Removes a change recorded by mistake, logging who did; nil for an unknown id.
    func removeChange(_ id: String, by actor: String, at instant: Timestamp) async throws -> ProcessChange?
}
