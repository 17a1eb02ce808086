import PitwallCore

/// Each hand-off of a list of events, read straight from the events rather than from the
/// folded lead records: the agent it went to, its lead's store-local created day, and whether
/// a person wrote to it, or the customer opted out or bought before the pick-up was due.
/// Assumes a lead is assigned once, as the simulator does.
struct PlainPickupScan {
    struct HandOff {
        var agent: String
        /// How the agent was told (`notified_via`), "" when the hand-off did not say.
        var method: String
        var createdOn: CivilDate
        /// The customer settled it before the pick-up was due and before anyone wrote.
        var closedFirst: Bool
        var pickedUp: Bool
        /// Picked up within the lead's SLA (the pick-up share's numerator).
        var withinSLA: Bool
        /// From the hand-off to the first message, on the policy's clock; nil unless picked up.
        var seconds: Double?
    }

    var handOffs: [HandOff] = []

    init(_ events: [Event], configuration: PitwallConfiguration) {
        var profileOf: [LeadID: LeadCreated] = [:], createdAt: [LeadID: Timestamp] = [:]
        var handOff: [LeadID: (agent: AgentID, at: Timestamp, method: String?)] = [:]
        var personal: [LeadID: [(at: Timestamp, agent: AgentID?)]] = [:]
        var settledAt: [LeadID: Timestamp] = [:]
        func settle(_ lead: LeadID, at instant: Timestamp) { settledAt[lead] = min(settledAt[lead] ?? instant, instant) }
        for event in events {
            switch event.payload {
            case .leadCreated(let profile): (profileOf[event.leadID], createdAt[event.leadID]) = (profile, event.occurredAt)
            case .leadAssigned(let agent, let method): handOff[event.leadID] = (agent, event.occurredAt, method)
            case .messageSent(let sent) where sent.sender == .agent && !sent.autoReply:
                personal[event.leadID, default: []].append((event.occurredAt, sent.agentID))
            case .leadOptedOut, .saleClosed: settle(event.leadID, at: event.occurredAt)
            case .messageReceived(let received) where received.body.flatMap(ConsentClassifier.read)?.intent == .optOut:
                settle(event.leadID, at: event.occurredAt)
            default: break
            }
        }
        let policy = configuration.responseTime
        for (lead, (agent, at, method)) in handOff {
            guard let profile = profileOf[lead], let created = createdAt[lead] else { continue }
            let calendar = configuration.calendar(of: profile.storeID)
            // The agent's own earlier message counts as a pick-up at the hand-off; a colleague's only after it.
            let wrote = (personal[lead] ?? []).filter { $0.at >= at || $0.agent == agent }.map { max($0.at, at) }.min()
            var closedFirst = false
            let sla = policy.sla(for: policy.tier(of: profile), at: profile.storeID)
            if let settled = settledAt[lead], wrote.map({ $0 > settled }) ?? true {
                let elapsed = policy.clock == .business ? calendar.openSeconds(from: at, to: settled) : at.seconds(until: settled)
                closedFirst = settled <= at || elapsed <= sla
            }
            let seconds = closedFirst ? nil : wrote.map { policy.clock == .business ? calendar.openSeconds(from: at, to: $0) : at.seconds(until: $0) }
            handOffs.append(
                HandOff(
                    agent: agent.rawValue, method: method ?? "", createdOn: calendar.localDate(of: created), closedFirst: closedFirst, pickedUp: seconds != nil,
                    withinSLA: seconds.map { $0 <= sla } ?? false, seconds: seconds))
        }
    }

    /// Per agent, over leads created on `days` (all when nil): hand-offs the pick-up share
    /// counts, those picked up, those left out as settled first.
    /// `by`: what to count them under (the agent unless said).
    func counts(on days: ClosedRange<CivilDate>? = nil, by key: (HandOff) -> String = \.agent) -> (
        due: [String: Double], pickedUp: [String: Double], closedFirst: [String: Double]
    ) {
        var due: [String: Double] = [:], pickedUp: [String: Double] = [:], closedFirst: [String: Double] = [:]
        for handOff in handOffs where days?.contains(handOff.createdOn) ?? true {
            if handOff.closedFirst {
                closedFirst[key(handOff), default: 0] += 1
                continue
            }
            due[key(handOff), default: 0] += 1
            if handOff.pickedUp { pickedUp[key(handOff), default: 0] += 1 }
        }
        return (due, pickedUp, closedFirst)
    }

    /// Per agent, the median pick-up as the scorecard ranks it: the value at rank
    /// ⌊(n - 1) / 2⌋ of the n picked up, sorted.
    func medianPickups() -> [String: Double] {
        Dictionary(grouping: handOffs.filter { $0.seconds != nil }, by: \.agent).mapValues { handOffs in
            let sorted = handOffs.compactMap(\.seconds).sorted()
            return sorted[(sorted.count - 1) / 2]
        }
    }
}
