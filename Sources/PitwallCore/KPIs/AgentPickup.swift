/// How long the person a lead was handed to took to write to it: from the lead's (latest)
/// hand-off to the first text, e-mail or call an agent sent at or after it. The lead's first
/// response is usually the AI's, seconds after it arrived, so it says nothing of the agent;
/// this does, and it is what a BDC manager coaches on.
public struct AgentPickup: Hashable, Sendable {
    public var agent: AgentID
    public var handedOffAt: Timestamp
    /// When an agent first wrote after the hand-off; nil while nobody has.
    public var pickedUpAt: Timestamp?
    /// When the customer settled the lead themselves: their first opt-out, or their first
    /// sale, whichever came first; nil while neither has happened.
    public var closedAt: Timestamp?

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
        closedAt = [records.state.optedOutAt, records.sales.map(\.closedAt).min()].compactMap { $0 }.min()
    }

    /// What became of a hand-off, judged on the lead's SLA.
    public enum Outcome: Hashable, Sendable {
        /// An agent wrote, `seconds` after the hand-off.
        case pickedUp(seconds: Double, withinSLA: Bool)
        /// Nobody has written yet, and the customer did not settle it before it was due.
        case notPickedUp
        /// The customer opted out or bought before the pick-up was due and before anyone wrote.
        /// The agent had no fair chance (and must not text someone who said stop), so the lead
        /// is left out of the pick-up figures, as the queue of leads waiting leaves it out. One
        /// who settles after the pick-up was due still counts as missed: letting a lead go
        /// cold until it opts out must not improve the figure.
        case closedFirst
    }

    /// The hand-off's outcome under an SLA of `sla` seconds on `clock`.
    public func outcome(sla: Double, on clock: ResponseTimePolicy.Clock, calendar: BusinessCalendar) -> Outcome {
        if let closedAt, pickedUpAt.map({ $0 > closedAt }) ?? true,
            closedAt <= handedOffAt || seconds(from: handedOffAt, to: closedAt, on: clock, calendar: calendar) <= sla
        {
            return .closedFirst
        }
        guard let pickedUpAt else { return .notPickedUp }
        let seconds = seconds(from: handedOffAt, to: pickedUpAt, on: clock, calendar: calendar)
        return .pickedUp(seconds: seconds, withinSLA: seconds <= sla)
    }

    /// When a pick-up falls due: the hand-off plus `sla` seconds on `clock` (on business
    /// hours, when that much open time has passed); nil when the store does not open for that
    /// long within two months.
    public static func due(handedOffAt: Timestamp, sla: Double, on clock: ResponseTimePolicy.Clock, calendar: BusinessCalendar) -> Timestamp? {
        switch clock {
        case .business: calendar.instant(after: handedOffAt, openSeconds: sla)
        case .wall: handedOffAt.adding(milliseconds: Int64((sla * 1000).rounded()))
        }
    }

    /// Seconds between two instants on `clock`: the store's open seconds, or every second.
    private func seconds(from start: Timestamp, to end: Timestamp, on clock: ResponseTimePolicy.Clock, calendar: BusinessCalendar) -> Double {
        switch clock {
        case .business: calendar.openSeconds(from: start, to: end)
        case .wall: Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
        }
    }
}

extension AgentPickup {
    /// "4 min 10 s": the median pick-up of an `agent_pickup_within_sla` figure (half the leads
    /// picked up were picked up sooner), "–" without one.
    public static func median(_ figure: KPIResult?) -> String {
        KPIFormatting.value(figure?.detail("median_seconds"), unit: .seconds)
    }
}
