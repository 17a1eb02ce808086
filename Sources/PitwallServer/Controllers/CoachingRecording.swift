import Foundation
import PitwallCore

extension AppDependencies {
    /// Records a coaching session from the fields of an API body or a dashboard form, as
    /// `actor`; nothing is stored when a field is refused, and the refusal names it.
    func recordCoaching(store: String?, agent: String?, day: String?, focus: String?, note: String?, by actor: String) async throws -> CoachingSession {
        let now = clock.now()
        // A rooftop's manager is told the stores they may write to, not that another store is unknown.
        if let store, let refusal = StoreWriteLimit.refusal(for: StoreID(store)) { throw ParameterError(name: "store_id", reason: refusal) }
        if let refusal = CoachingSession.refusal(
            store: store, agent: agent, day: day, focus: focus, note: note, today: configuration.today(store: store.map { StoreID($0) }, at: now),
            knownStores: Set(try await rollups.storesToList(configuration)))
        {
            throw refusal
        }
        let session = CoachingSession(
            id: "coaching-" + UUID().uuidString.lowercased(), store: StoreID(store!), agent: agent!.trimmingCharacters(in: .whitespaces),
            day: CivilDate(iso: day!)!, focus: focus.flatMap(KPIKey.init(rawValue:)) ?? .agentPickupWithinSLA, note: note, recordedBy: actor, recordedAt: now)
        try await coaching.recordCoaching(session)
        live.changed()
        return session
    }
}
