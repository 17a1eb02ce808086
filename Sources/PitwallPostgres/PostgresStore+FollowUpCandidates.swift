import PitwallCore
import PostgresNIO

extension PostgresStore {
    /// The candidates' fields taken out of each stored state in the database, not the whole
    /// state sent over the wire and decoded (unset fields are left out of the state, hence
    /// the defaults).
    public func followUpCandidates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [FollowUpCandidate] {
        let (start, end) = (from.millisecondsSinceEpoch, before.millisecondsSinceEpoch)
        let columns = """
            SELECT lead_id, store_id, created_at, state->'profile'->>'source', state->>'agentID', first_response_at, last_event_at, \
            state->'profile'->>'tier', state->'profile'->'contact'->>'phone', state->'profile'->'contact'->>'email', \
            coalesce(state->'profile'->'vehicle'->>'make', '') <> '' OR coalesce(state->'profile'->'vehicle'->>'model', '') <> '', \
            (state->'profile'->>'submittedAt')::bigint, coalesce((state->>'inboundCount')::bigint, 0), \
            coalesce((state->>'appointmentsSet')::bigint, 0), coalesce((state->>'salesCount')::bigint, 0), \
            (state->>'lastOptOutAt')::bigint, (state->>'lastOptInAt')::bigint, coalesce((state->>'complaintCount')::bigint, 0) FROM lead
            """
        let query: PostgresQuery =
            if let store {
                """
                \(unescaped: columns) WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue) \
                AND created_at >= \(start) AND created_at < \(end) AND state ? 'profile'
                """
            } else {
                """
                \(unescaped: columns) WHERE organisation_id = \(organisationID) AND created_at >= \(start) AND created_at < \(end) \
                AND state ? 'profile'
                """
            }
        typealias Row = (
            String, String?, Int64, String?, String?, Int64?, Int64?, String?, String?, String?, Bool, Int64?, Int64, Int64, Int64, Int64?, Int64?, Int64
        )
        return try await rows(query, as: Row.self).compactMap { row in
            guard let storeID = row.1 else { return nil }
            func instant(_ milliseconds: Int64?) -> Timestamp? { milliseconds.map { Timestamp(millisecondsSinceEpoch: $0) } }
            let created = Timestamp(millisecondsSinceEpoch: row.2)
            let contact = row.8 == nil && row.9 == nil ? nil : Contact(phone: row.8, email: row.9)
            let signals = LeadTemperature.Signals(
                tier: row.7.flatMap(LeadTier.init(rawValue:)), reachable: !ContactVerdict(contact).unreachable, vehicleNamed: row.10,
                answeredFast: LeadTemperature.Signals.answeredFast(startedAt: instant(row.11) ?? created, firstResponseAt: instant(row.5)),
                replies: Int(row.12), appointmentsSet: Int(row.13),
                verdict: LeadTemperature.Signals.verdict(
                    sales: Int(row.14), optedOut: LeadState.isOptedOut(lastOptOutAt: instant(row.15), lastOptInAt: instant(row.16)), complaints: Int(row.17)))
            return FollowUpCandidate(
                leadID: LeadID(row.0), storeID: StoreID(storeID), createdAt: created, source: row.3 ?? "", agentID: row.4.map { AgentID($0) },
                answered: row.5 != nil, lastEventAt: instant(row.6), signals: signals)
        }
    }
}
