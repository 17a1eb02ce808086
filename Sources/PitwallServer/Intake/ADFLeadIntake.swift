import Foundation
import PitwallCore

/// Stores the leads of one ADF document, for `POST /v1/leads/adf` and `pitwall import FILE.xml`.
public struct ADFLeadIntake: Sendable {
    public let store: any EventStore
    public let configurations: ConfigurationBook
    /// The stores of the organisation the lead is for, whose names a lead file may use.
    public var stores: [StoreProfile] { configurations.current.stores }

    public init(store: any EventStore, configurations: ConfigurationBook) {
        self.store = store
        self.configurations = configurations
    }

    public init(store: any EventStore, stores: [StoreProfile]) {
        self.init(store: store, configurations: ConfigurationBook(PitwallConfiguration(stores: stores)))
    }

    /// What happened to each prospect.
    public struct Report: Sendable {
        public struct Lead: Sendable {
            public var prospect: Int
            public var leadID: LeadID
            public var eventID: EventID
            public var disposition: IngestDisposition
            public var warnings: [String]
        }

        public var leads: [Lead] = []
        public var rejected: [(prospect: Int, error: String)] = []

        public var accepted: Int { leads.count { $0.disposition == .accepted } }
        public var duplicates: Int { leads.count { $0.disposition != .accepted } }
        public var events: [Event] = []

        /// `{"accepted", "duplicates", "rejected": [{"prospect", "error"}], "leads": [{"prospect", "lead_id", "event_id", "disposition", "warnings"}]}`
        public var json: String {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("accepted", accepted)
            writer.member("duplicates", duplicates)
            writer.key("rejected")
            writer.beginArray()
            for rejection in rejected {
                writer.beginObject()
                writer.member("prospect", rejection.prospect)
                writer.member("error", rejection.error)
                writer.endObject()
            }
            writer.endArray()
            writer.key("leads")
            writer.beginArray()
            for lead in leads {
                writer.beginObject()
                writer.member("prospect", lead.prospect)
                writer.member("lead_id", lead.leadID)
                writer.member("event_id", lead.eventID)
                writer.member("disposition", lead.disposition == .accepted ? "accepted" : "duplicate")
                writer.key("warnings")
                writer.beginArray()
                for warning in lead.warnings { writer.string(warning) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            return writer.text
        }
    }

    public func ingest(_ document: Data, store storeOverride: StoreID?, at now: Timestamp) async throws -> Report {
        let reader = ADFLeadReader(stores: stores, storeOverride: storeOverride, receivedAt: now) { text in
            HexDigest.sha256(text)
        }
        let outcomes = try reader.read(document)
        var report = Report()
        var accepted: [(Int, Event, [String])] = []
        for outcome in outcomes {
            switch outcome.outcome {
            case .lead(let event, let warnings): accepted.append((outcome.number, event, warnings))
            case .refused(let reason): report.rejected.append((outcome.number, reason))
            }
        }
        let dispositions = try await store.ingest(accepted.map(\.1), at: now)
        for ((number, event, warnings), disposition) in zip(accepted, dispositions) {
            if disposition == .outsideTokenStores {
                report.rejected.append((number, StoreWriteLimit.refusal(of: event)))
                continue
            }
            // The event's id digests the whole prospect, so a conflict can only be the same
            // prospect sent again at another time: a retry, which is a duplicate.
            report.leads.append(.init(prospect: number, leadID: event.leadID, eventID: event.id, disposition: disposition == .accepted ? .accepted : .duplicate, warnings: warnings))
            if disposition == .accepted { report.events.append(event) }
        }
        return report
    }
}
