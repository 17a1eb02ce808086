import Foundation
import PitwallCore
import PostgresNIO

extension PostgresStore {
    /// Loads every lead the accepted events touch, folds the events in, writes back the leads
    /// whose records changed, and moves the KPI rollups by the difference. Runs inside the
    /// organisation's write transaction, so no other server changes these leads meanwhile.
    func fold(_ arrivals: [(Event, Timestamp)], on connection: PostgresConnection) async throws {
        guard !arrivals.isEmpty else { return }
        let keys = LedgerKeys(events: arrivals.map(\.0))
        var before: [LeadID: LeadRecords] = [:]
        for records in try await loadRecords(where: "lead_id = ANY($2)", on: connection, binding: { $0.append(keys.leads.map(\.rawValue)) }) {
            before[records.state.leadID] = records
        }
        // A record filed under another lead (a status whose send named a different lead) is
        // found by its own key, and that lead is loaded too, so both count before and after.
        let knownMessages = Set(before.values.flatMap { $0.messages.map(\.key) })
        let knownAppointments = Set(before.values.flatMap { $0.appointments.map(\.appointmentID) })
        let knownSales = Set(before.values.flatMap { $0.sales.map(\.saleID) })
        var ownerKinds: [String] = []
        var ownerIDs: [String] = []
        for key in keys.messages where !knownMessages.contains(key) {
            for direction in MessageDirection.allCases {
                ownerKinds.append(direction.rawValue)
                ownerIDs.append(key.messageID.rawValue)
            }
        }
        for id in keys.appointments where !knownAppointments.contains(id) {
            ownerKinds.append(RecordKind.appointment)
            ownerIDs.append(id.rawValue)
        }
        for id in keys.sales where !knownSales.contains(id) {
            ownerKinds.append(RecordKind.sale)
            ownerIDs.append(id.rawValue)
        }
        var owners: Set<LeadID> = []
        if !ownerIDs.isEmpty {
            for lead in try await rows(
                """
                SELECT DISTINCT o.lead_id FROM lead_record_owner o JOIN unnest(\(ownerKinds)::text[], \(ownerIDs)::text[]) AS k(kind, record_id)
                ON o.kind = k.kind AND o.record_id = k.record_id WHERE o.organisation_id = \(organisationID)
                """, as: String.self, on: connection)
            {
                owners.insert(LeadID(lead))
            }
            let missing = owners.filter { before[$0] == nil }
            if !missing.isEmpty {
                for records in try await loadRecords(
                    where: "lead_id = ANY($2)", on: connection, binding: { $0.append(missing.map(\.rawValue)) })
                {
                    before[records.state.leadID] = records
                }
            }
        }

        var ledger = LeadLedger(
            leads: before.values.map(\.state), messages: before.values.flatMap(\.messages), appointments: before.values.flatMap(\.appointments),
            sales: before.values.flatMap(\.sales), complaints: before.values.flatMap(\.complaints))
        for (event, arrival) in arrivals { ledger.apply(event, ingestedAt: arrival) }
        let after = ledger.recordsByLead()

        // Encoding the changed leads as JSON and working out the rollups' change are the two
        // big pieces of this side's work: they run on both cores, and PostgreSQL stores the
        // leads while the rollups are worked out.
        let changed = after.values.filter { before[$0.state.leadID] != $0 }
        async let leadsSaved: Void = saveLeads(changed, on: connection)
        let touched = ledger.leadsTouched.union(owners)
        let delta = rollupDelta(leads: touched, before: before, after: after, resolver: resolver)
        try await leadsSaved
        try await saveOwners(of: ledger, on: connection)
        try await saveSystemRecords(of: ledger, on: connection)
        try await applyRollupDelta(delta, on: connection)
        try await recordZonesChecking(Set(delta.keys.map(\.store)), on: connection)
    }

    /// The `kind` of `lead_record_owner` rows: a message's direction, or these.
    enum RecordKind {
        static let appointment = "appointment"
        static let sale = "sale"
    }

    func saveLeads(_ leads: [LeadRecords], on connection: PostgresConnection) async throws {
        guard !leads.isEmpty else { return }
        var insert = RowInsert(
            into: "lead",
            columns: [
                ("organisation_id", "text"), ("lead_id", "text"), ("store_id", "text"), ("created_at", "bigint"), ("last_event_at", "bigint"),
                ("answered", "boolean"), ("first_response_at", "bigint"), ("phone_key", "text"), ("email_key", "text"), ("state", "jsonb"),
                ("records", "jsonb"),
            ],
            then: """
                ON CONFLICT (organisation_id, lead_id) DO UPDATE SET store_id = excluded.store_id, created_at = excluded.created_at, \
                last_event_at = excluded.last_event_at, answered = excluded.answered, first_response_at = excluded.first_response_at, \
                phone_key = excluded.phone_key, email_key = excluded.email_key, state = excluded.state, records = excluded.records
                """)
        for (records, (stateJSON, recordsJSON)) in zip(leads, try await Self.encodedOnBothCores(leads)) {
            let state = records.state
            let contact = state.profile?.contact
            insert.add { row in
                row.append(organisationID)
                row.append(state.leadID.rawValue)
                row.append(state.profile?.storeID.rawValue)
                row.append(state.createdAt?.millisecondsSinceEpoch)
                row.append(state.lastEventAt?.millisecondsSinceEpoch)
                row.append(state.firstResponse != nil)
                row.append(state.firstResponse?.at.millisecondsSinceEpoch)
                row.append(ContactKey.phone(contact?.phone))
                row.append(ContactKey.email(contact?.email))
                row.append(stateJSON)
                row.append(recordsJSON)
            }
        }
        try await run(insert.finished(), on: connection)
    }

    /// Each lead's state and records as JSON, in the order given. An import's batch changes
    /// thousands of leads, and Foundation's encoder is the largest piece of this side's work:
    /// the two halves are encoded at once.
    static func encodedOnBothCores(_ leads: [LeadRecords]) async throws -> [(state: String, records: String)] {
        func encoded(_ part: ArraySlice<LeadRecords>) throws -> [(state: String, records: String)] {
            try part.map { (try StoredJSON.encode($0.state), try StoredJSON.encode(StoredLeadRecords($0))) }
        }
        guard leads.count >= 1_000 else { return try encoded(leads[...]) }
        let middle = leads.count / 2
        async let firstHalf = encoded(leads[..<middle])
        let secondHalf = try encoded(leads[middle...])
        return try await firstHalf + secondHalf
    }

    func saveOwners(of ledger: LeadLedger, on connection: PostgresConnection) async throws {
        var insert = RowInsert(
            into: "lead_record_owner", columns: [("organisation_id", "text"), ("kind", "text"), ("record_id", "text"), ("lead_id", "text")],
            then: "ON CONFLICT (organisation_id, kind, record_id) DO UPDATE SET lead_id = excluded.lead_id")
        func add(_ kind: String, _ id: String, _ lead: LeadID) {
            insert.add { row in
                row.append(organisationID)
                row.append(kind)
                row.append(id)
                row.append(lead.rawValue)
            }
        }
        for key in ledger.changedMessages { if let record = ledger.messages[key] { add(key.direction.rawValue, key.messageID.rawValue, record.leadID) } }
        for id in ledger.changedAppointments { if let record = ledger.appointments[id] { add(RecordKind.appointment, id.rawValue, record.leadID) } }
        for id in ledger.changedSales { if let record = ledger.sales[id] { add(RecordKind.sale, id.rawValue, record.leadID) } }
        try await run(insert.finished(), on: connection)
    }

    func saveSystemRecords(of ledger: LeadLedger, on connection: PostgresConnection) async throws {
        var signals = RowInsert(
            into: "system_signal", columns: [("organisation_id", "text"), ("event_id", "text"), ("at", "bigint"), ("record", "jsonb")],
            then: "ON CONFLICT (organisation_id, event_id) DO UPDATE SET at = excluded.at, record = excluded.record")
        for id in ledger.changedSignals {
            guard let signal = ledger.signals[id] else { continue }
            let json = try StoredJSON.encode(signal)
            signals.add { row in
                row.append(organisationID)
                row.append(id.rawValue)
                row.append(signal.at.millisecondsSinceEpoch)
                row.append(json)
            }
        }
        var samples = RowInsert(
            into: "system_sample",
            columns: [("organisation_id", "text"), ("event_id", "text"), ("metric", "text"), ("at", "bigint"), ("record", "jsonb")],
            then: "ON CONFLICT (organisation_id, event_id) DO UPDATE SET metric = excluded.metric, at = excluded.at, record = excluded.record")
        for id in ledger.changedSamples {
            guard let sample = ledger.samples[id] else { continue }
            let json = try StoredJSON.encode(sample)
            samples.add { row in
                row.append(organisationID)
                row.append(id.rawValue)
                row.append(sample.reading.metric)
                row.append(sample.at.millisecondsSinceEpoch)
                row.append(json)
            }
        }
        try await run(signals.finished() + samples.finished(), on: connection)
    }
}
