/// The leads to call back first: the SOP's daily "identify high-temperature leads, plan
/// priority follow-ups". Of the leads that have had an answer, those still open (no sale, no
/// appointment, not opted out, no complaint), warmest first. An unanswered lead is not here:
/// it is the speed-to-lead queue's.
public enum FollowUpList {
    public struct Entry: Sendable {
        public var state: LeadState
        public var temperature: LeadTemperature
    }

    /// Whether a lead is still one to win: answered, and neither won nor lost yet.
    public static func isOpen(_ state: LeadState) -> Bool {
        state.firstResponse != nil && state.salesCount == 0 && state.appointmentsSet == 0 && !state.isOptedOut && state.complaintCount == 0
    }

    /// The open leads among `states`, warmest first; among equals, the one that has written
    /// most, then the one heard from last, then by id, so the order is the same on every load.
    public static func rank(_ states: [LeadState], weights: LeadTemperature.Weights) -> [Entry] {
        states.compactMap { state in
            guard isOpen(state), let temperature = LeadTemperature(state, weights: weights) else { return nil }
            return Entry(state: state, temperature: temperature)
        }
        .sorted { lhs, rhs in
            let left = (lhs.temperature.score, lhs.state.inboundCount, lhs.state.lastEventAt?.millisecondsSinceEpoch ?? 0)
            let right = (rhs.temperature.score, rhs.state.inboundCount, rhs.state.lastEventAt?.millisecondsSinceEpoch ?? 0)
            return left != right ? left > right : lhs.state.leadID.rawValue < rhs.state.leadID.rawValue
        }
    }
}
