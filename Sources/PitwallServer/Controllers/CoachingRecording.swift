import Foundation
import PitwallCore

extension AppDependencies {
    /// Records a coaching session from the fields of an API body or a dashboard form, as
    /// `actor`; nothing is stored when a field is refused, and the refusal names it.
    func recordCoaching(store: String?, agent: String?, day: String?, focus: String?, note: String?, by actor: String) async throws -> CoachingSession {
        let session = try await validatedCoaching(
            id: "coaching-" + UUID().uuidString.lowercased(), store: store, agent: agent, day: day, focus: focus, note: note, by: actor)
        try await coaching.recordCoaching(session)
        live.changed()
        return session
    }

    /// Puts the fields in place of the recorded session `id`'s, checked as when recording one;
    /// nil when there is no such session (or it is not the caller's to edit).
    func editCoaching(id: String, store: String?, agent: String?, day: String?, focus: String?, note: String?, by actor: String) async throws
        -> CoachingSession?
    {
        // Another organisation's or store's session is not found, whatever the fields say.
        guard let recorded = try await coaching.coachingSessions(days: nil, store: nil).first(where: { $0.id == id }) else { return nil }
        let session = try await validatedCoaching(
            id: id, store: store, agent: agent, day: day, focus: focus, note: note, by: actor, recorded: recorded)
        guard let edited = try await coaching.editCoaching(session, by: actor, at: clock.now()) else { return nil }
        live.changed()
        return edited
    }

    private func validatedCoaching(
        id: String, store: String?, agent: String?, day: String?, focus: String?, note: String?, by actor: String, recorded: CoachingSession? = nil
    ) async throws -> CoachingSession
    {
        let now = clock.now()
        // A rooftop's manager is told the stores they may write to, not that another store is unknown.
        if let store, let refusal = StoreWriteLimit.refusal(for: StoreID(store)) { throw ParameterError(name: "store_id", reason: refusal) }
        if let refusal = CoachingSession.refusal(
            store: store, agent: agent, day: day, focus: focus, note: note, today: configuration.today(store: store.map { StoreID($0) }, at: now),
            knownStores: Set(try await rollups.storesToList(configuration)))
        {
            throw refusal
        }
        // A mistyped id would read "too early" for ever: the agent must have had a lead at the store in the year up to today.
        let (shop, today) = (StoreID(store!), configuration.today(store: StoreID(store!), at: now))
        let named = agent!.trimmingCharacters(in: .whitespaces)
        // An agent kept as recorded is not checked again: one who has left must not stop a past
        // session's day or note being corrected.
        let kept = recorded.map { $0.agent == named && $0.store == shop } ?? false
        if !kept {
            let seen = try await SegmentValuesSeen(.agent, store: shop, today: today, rollups: rollups)
            guard seen.inYear.contains(named) else {
                throw ParameterError(
                    name: "agent",
                    reason: "'\(named)' had no lead assigned at \(shop.rawValue) in the year up to today; give the id their leads' events carry"
                        + seen.recentInWords)
            }
        }
        return CoachingSession(
            id: id, store: shop, agent: named, day: CivilDate(iso: day!)!, focus: focus.flatMap(KPIKey.init(rawValue:)) ?? .agentPickupWithinSLA,
            note: note, recordedBy: actor, recordedAt: now)
    }
}
