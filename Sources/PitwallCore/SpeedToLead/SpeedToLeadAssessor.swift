/// Judges each lead against the response-time policy: how long it waited, by both clocks,
/// whether it is open, answered in time or breached, and whether a breach was the people's
/// doing or the system's. Pure: the records, the store, the outages and the time come in.
public struct SpeedToLeadAssessor: Sendable {
    public var policy: ResponseTimePolicy
    public var outages: [Outage]

    public init(policy: ResponseTimePolicy = ResponseTimePolicy(), outages: [Outage] = []) {
        self.policy = policy
        self.outages = outages
    }

    /// Nil for a lead whose `lead.created` has not arrived: without it there is no store and no start.
    public func assess(_ records: LeadRecords, store: StoreProfile, now: Timestamp, repeatOf: LeadID? = nil) -> LeadResponseAssessment? {
        let state = records.state
        guard let profile = state.profile, let createdAt = state.createdAt else { return nil }
        let calendar = store.calendar
        let tier = policy.tier(of: profile)
        let sla = policy.sla(for: tier, at: profile.storeID)

        let (start, basis) = policy.start(of: state)

        let outbound = records.messages
            .filter { $0.key.direction == .outbound && $0.at != nil }
            .sorted { ($0.at!, $0.key.messageID) < ($1.at!, $1.key.messageID) }
        let response = measure(policy.firstResponse(in: outbound), from: start, now: now, calendar: calendar)
        let human = measure(outbound.first { $0.sender == .agent && !$0.autoReply }, from: start, now: now, calendar: calendar)

        var assessment = LeadResponseAssessment(
            leadID: state.leadID, storeID: profile.storeID, source: profile.source, region: profile.region,
            campaign: profile.campaignID?.rawValue, vehicleCondition: profile.vehicle?.condition?.rawValue, tier: tier, agentID: state.agentID,
            createdAt: createdAt, start: start, startBasis: basis, clock: policy.clock, slaSeconds: sla, response: response, humanResponse: human,
            state: .unknown, elapsedSeconds: nil, secondsLeft: nil, escalatesAt: nil, breachesAt: nil, cause: nil, technicalReasons: [],
            calendarVersion: store.calendarVersion, repeatOf: repeatOf, policyVersion: policy.version)
        guard let start else { return assessment }

        assessment.escalatesAt = instant(after: start, seconds: sla * policy.escalateAtFraction, calendar: calendar)
        assessment.breachesAt = instant(after: start, seconds: sla, calendar: calendar)
        let end: Timestamp
        if response.respondedAt != nil {
            guard let seconds = policy.clock == .business ? response.businessSeconds : response.wallSeconds else { return assessment }
            assessment.elapsedSeconds = seconds
            assessment.state = seconds <= sla ? .answeredWithinSLA : .breached
            end = response.respondedAt!
        } else {
            let seconds = now < start ? 0 : elapsed(from: start, to: now, calendar: calendar)
            assessment.elapsedSeconds = seconds
            if seconds >= sla {
                assessment.state = .breached
            } else {
                assessment.state = .open
                assessment.secondsLeft = sla - seconds
            }
            end = now
        }
        if assessment.state == .breached {
            assessment.technicalReasons = technicalReasons(state: state, outbound: outbound, store: profile.storeID, from: start, to: end)
            assessment.cause = assessment.technicalReasons.isEmpty ? .agentDelay : .technical
        }
        return assessment
    }

    func elapsed(from start: Timestamp, to end: Timestamp, calendar: BusinessCalendar) -> Double {
        switch policy.clock {
        case .business: calendar.openSeconds(from: start, to: end)
        case .wall: start.seconds(until: end)
        }
    }

    func instant(after start: Timestamp, seconds: Double, calendar: BusinessCalendar) -> Timestamp? {
        switch policy.clock {
        case .business: calendar.instant(after: start, openSeconds: seconds)
        case .wall: start.adding(seconds: seconds)
        }
    }

    func measure(_ message: MessageRecord?, from start: Timestamp?, now: Timestamp, calendar: BusinessCalendar) -> ResponseMeasure {
        var measure = ResponseMeasure()
        guard let message, let at = message.at else { return measure }
        measure.respondedAt = at
        measure.messageID = message.key.messageID
        measure.sender = message.sender
        guard let start else {
            measure.unknownReason = "the lead's start time is not known"
            return measure
        }
        guard at >= start else {
            measure.unknownReason = "the response is dated before the lead started"
            return measure
        }
        // A clock a minute fast is common; a response an hour ahead is a data error.
        guard at <= now.adding(seconds: 3600) else {
            measure.unknownReason = "the response is dated in the future"
            return measure
        }
        measure.wallSeconds = start.seconds(until: at)
        measure.businessSeconds = calendar.openSeconds(from: start, to: at)
        return measure
    }

    func technicalReasons(state: LeadState, outbound: [MessageRecord], store: StoreID, from start: Timestamp, to end: Timestamp) -> [TechnicalReason] {
        var reasons: [TechnicalReason] = []
        let waiting = outbound.filter { $0.at! <= end }
        let firstDelivered = waiting.firstIndex { $0.status == .delivered } ?? waiting.endIndex
        if waiting[..<firstDelivered].contains(where: { $0.status == .failed || $0.status == .undelivered }) { reasons.append(.deliveryFailed) }
        if outages.contains(where: { $0.affects(store) && $0.overlaps(start, end) }) { reasons.append(.outage) }
        if let received = state.createdAt, let stored = state.ingestedAt, received.seconds(until: stored) > policy.ingestionLagSeconds {
            reasons.append(.ingestionLag)
        }
        return reasons
    }
}
