/// The BDC manager's desk: the leads waiting for an answer, most urgent first, judged by
/// the configured policy with outages taken into account. Reads through ports; no I/O of its own.
public struct SpeedToLeadDesk: Sendable {
    public let leads: any LeadQueryStore
    public let events: any EventStore
    public let configurations: ConfigurationBook
    /// The configuration of the organisation being worked for: the desk serves them all.
    public var configuration: PitwallConfiguration { configurations.current }

    /// How far back the queue looks for unanswered leads.
    public static let queueDays = 7

    public init(leads: any LeadQueryStore, events: any EventStore, configurations: ConfigurationBook) {
        self.leads = leads
        self.events = events
        self.configurations = configurations
    }

    public init(leads: any LeadQueryStore, events: any EventStore, configuration: PitwallConfiguration) {
        self.init(leads: leads, events: events, configurations: ConfigurationBook(configuration))
    }

    public var policy: ResponseTimePolicy { configuration.responseTime }

    public func assessor() async throws -> SpeedToLeadAssessor {
        SpeedToLeadAssessor(policy: policy, outages: Outage.windows(from: try await events.systemSignals()))
    }

    /// Every lead of the last week no response has reached yet: breached ones first (longest
    /// overdue first), then by time left. Repeat leads, when folded, are marked with the lead
    /// they repeat.
    public func openQueue(store: StoreID?, now: Timestamp) async throws -> [LeadResponseAssessment] {
        let since = now.adding(milliseconds: -Int64(Self.queueDays) * Timestamp.millisecondsPerDay)
        let candidates = try await leads.leads(createdSince: since, store: store, unansweredAt: policy.usesStandardResponders ? now : nil)
        let assessor = try await assessor()
        var queue: [LeadResponseAssessment] = []
        let configuration = self.configuration  // looked up once, not once a lead
        for records in candidates {
            guard let profile = records.state.profile else { continue }
            let repeatOf = try await earlierLead(of: records.state)
            guard let assessment = assessor.assess(records, store: configuration.store(profile.storeID), now: now, repeatOf: repeatOf),
                  assessment.response.respondedAt == nil
            else { continue }
            queue.append(assessment)
        }
        return queue.sorted(by: Self.moreUrgent)
    }

    /// One lead judged now.
    public func assess(_ records: LeadRecords, now: Timestamp) async throws -> LeadResponseAssessment? {
        guard let profile = records.state.profile else { return nil }
        return try await assessor().assess(records, store: configuration.store(profile.storeID), now: now, repeatOf: earlierLead(of: records.state))
    }

    /// The earlier lead by the same person at the same store within the repeat window, when
    /// repeat leads are folded.
    func earlierLead(of state: LeadState) async throws -> LeadID? {
        guard policy.foldRepeatLeads, policy.repeatWindowDays > 0, let profile = state.profile, let created = state.createdAt else { return nil }
        let phone = ContactKey.phone(profile.contact?.phone)
        let email = ContactKey.email(profile.contact?.email)
        guard phone != nil || email != nil else { return nil }
        return try await leads.earlierLead(
            at: profile.storeID, phoneKey: phone, emailKey: email,
            since: created.adding(milliseconds: -Int64(policy.repeatWindowDays) * Timestamp.millisecondsPerDay), before: created,
            excluding: state.leadID)
    }

    /// Breached before open; among breached, longest overdue first; among open, least time left first.
    static func moreUrgent(_ lhs: LeadResponseAssessment, _ rhs: LeadResponseAssessment) -> Bool {
        func rank(_ assessment: LeadResponseAssessment) -> (Int, Int64, String) {
            let due = assessment.breachesAt?.millisecondsSinceEpoch ?? .max
            switch assessment.state {
            case .breached: return (0, due, assessment.leadID.rawValue)
            case .open: return (1, due, assessment.leadID.rawValue)
            case .answeredWithinSLA, .unknown: return (2, due, assessment.leadID.rawValue)
            }
        }
        return rank(lhs) < rank(rhs)
    }
}
