/// How long the person a lead was handed to took to write to it: from the lead's (latest)
/// hand-off to the first text, e-mail or call an agent sent at or after it. The lead's first
/// response is usually the AI's, seconds after it arrived, so it says nothing of the agent;
/// this does, and it is what a BDC manager coaches on.
public struct AgentPickup: Hashable, Sendable {
    public var agent: AgentID
    public var handedOffAt: Timestamp
    /// When an agent first wrote after the hand-off; nil while nobody has.
    public var pickedUpAt: Timestamp?

    /// Nil for a lead never handed to an agent. The agent it was handed to having written
    /// before the hand-off (the CRM often assigns a lead after the salesperson took it) counts
    /// as picked up at the hand-off; a colleague writing after it counts too, as the customer
    /// was answered.
    public init?(_ records: LeadRecords) {
        guard let agent = records.state.agentID, let handedOffAt = records.state.assignedAt else { return nil }
        self.agent = agent
        self.handedOffAt = handedOffAt
        var first: Timestamp?
        for message in records.messages where message.key.direction == .outbound && message.sender == .agent && !message.autoReply {
            guard let at = message.at else { continue }
            if at < handedOffAt {
                if message.agentID == agent { first = handedOffAt; break }
            } else {
                first = Swift.min(first ?? at, at)
            }
        }
        pickedUpAt = first
    }

    /// Seconds from the hand-off to the pick-up on `clock`: the store's open seconds, or every
    /// second; nil while not picked up.
    public func seconds(on clock: ResponseTimePolicy.Clock, calendar: BusinessCalendar) -> Double? {
        guard let pickedUpAt else { return nil }
        switch clock {
        case .business: return calendar.openSeconds(from: handedOffAt, to: pickedUpAt)
        case .wall: return Double(pickedUpAt.millisecondsSinceEpoch - handedOffAt.millisecondsSinceEpoch) / 1000
        }
    }
}

extension AgentPickup {
    /// "4 min 10 s": the average pick-up of an `agent_pickup_within_sla` figure, "–" without one.
    public static func average(_ figure: KPIResult?) -> String {
        KPIFormatting.value(figure?.detail("mean_seconds"), unit: .seconds)
    }
}
