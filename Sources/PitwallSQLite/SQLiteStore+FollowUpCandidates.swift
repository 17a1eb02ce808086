import GRDB
import PitwallCore

extension SQLiteStore {
    /// A dozen columns a lead, not the fifty of its state: building a year's states (contact
    /// names, extras and all) took the year's follow-ups list 4-6 s (docs/performance.md).
    public func followUpCandidates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [FollowUpCandidate] {
        let (created, arguments) = Self.created(from: from, before: before, store: store)
        let condition = created + " AND store_id IS NOT NULL AND source IS NOT NULL"
        return try await pool.read { db in
            try db.allDirect(
                """
                SELECT lead_id, store_id, created_at, source, agent_id, first_response_at, last_event_at, tier,
                has_contact, contact_phone, contact_email, has_vehicle AND (ifnull(vehicle_make, '') <> '' OR ifnull(vehicle_model, '') <> ''),
                submitted_at, inbound_count, appointments_set, sales_count, last_opt_out_at, last_opt_in_at, complaint_count
                FROM lead WHERE \(condition)
                """, arguments: arguments, read: { FollowUpCandidate(row: $0) })
        }
    }

    public func leadStates(of ids: [LeadID]) async throws -> [LeadState] {
        try await pool.read { db in try Self.states(of: ids, from: db) }
    }
}

extension FollowUpCandidate {
    /// The row of `followUpCandidates`, whose condition has made sure of the store, source and
    /// creation time.
    fileprivate init(row: some ColumnSource) {
        let created = row.timestamp(2) ?? Timestamp(millisecondsSinceEpoch: 0)
        let firstResponseAt = row.timestamp(5)
        let contact = row.bool(8) ? Contact(phone: row.optionalString(9), email: row.optionalString(10)) : nil
        let signals = LeadTemperature.Signals(
            tier: row.choice(7), reachable: !ContactVerdict(contact).unreachable, vehicleNamed: row.bool(11),
            answeredFast: LeadTemperature.Signals.answeredFast(startedAt: row.timestamp(12) ?? created, firstResponseAt: firstResponseAt),
            replies: row.int(13), appointmentsSet: row.int(14),
            verdict: LeadTemperature.Signals.verdict(
                sales: row.int(15), optedOut: LeadState.isOptedOut(lastOptOutAt: row.timestamp(16), lastOptInAt: row.timestamp(17)),
                complaints: row.int(18)))
        self.init(
            leadID: LeadID(row.optionalString(0) ?? ""), storeID: StoreID(row.optionalString(1) ?? ""), createdAt: created,
            source: row.optionalString(3) ?? "", agentID: row.identifier(4), answered: firstResponseAt != nil, lastEventAt: row.timestamp(6),
            signals: signals)
    }
}
