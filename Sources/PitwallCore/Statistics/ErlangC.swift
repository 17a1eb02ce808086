import Foundation

/// How many agents an hour of leads needs, by Erlang C: the contact centre's model of
/// arrivals at random (Poisson), work of random length (exponential, mean `minutesPerLead`)
/// and agents who take the next lead waiting as soon as they are free. It answers "with n
/// agents, what share of leads is taken within t?", and so "how many agents for 80 % within
/// five minutes?". Arrivals are steady within the hour; a burst (an e-mail blast at 10:00)
/// needs more than this says.
public struct ErlangC: Hashable, Sendable {
    /// Leads an hour.
    public var leadsPerHour: Double
    /// An agent's minutes of work on a lead, on average.
    public var minutesPerLead: Double

    public init(leadsPerHour: Double, minutesPerLead: Double) {
        self.leadsPerHour = leadsPerHour
        self.minutesPerLead = minutesPerLead
    }

    /// The work arriving, in agents kept busy all hour (erlangs).
    public var load: Double { leadsPerHour * minutesPerLead / 60 }

    /// The chance a lead has to wait for an agent at all, with `agents`; 1 when they cannot
    /// keep up (as many agents as the load or fewer: the queue grows all hour).
    public func chanceOfWaiting(agents: Int) -> Double {
        guard load > 0 else { return 0 }
        guard Double(agents) > load else { return 1 }
        // Erlang B by its recursion, which stays within floating point where A^n/n! would not.
        var blocked = 1.0
        for k in 1...agents { blocked = load * blocked / (Double(k) + load * blocked) }
        let n = Double(agents)
        return n * blocked / (n - load * (1 - blocked))
    }

    /// The share of leads an agent takes within `seconds` of arriving, with `agents`.
    public func shareTaken(within seconds: Double, agents: Int) -> Double {
        guard load > 0 else { return 1 }
        guard Double(agents) > load else { return 0 }
        let waitRate = (Double(agents) - load) / (minutesPerLead * 60)
        return 1 - chanceOfWaiting(agents: agents) * Foundation.exp(-waitRate * seconds)
    }

    /// The mean seconds a lead waits for an agent, with `agents`; infinite when they cannot keep up.
    public func meanWaitSeconds(agents: Int) -> Double {
        guard load > 0 else { return 0 }
        guard Double(agents) > load else { return .infinity }
        return chanceOfWaiting(agents: agents) * minutesPerLead * 60 / (Double(agents) - load)
    }

    /// The fewest agents that take `share` of the leads within `seconds`; 0 for an hour
    /// without leads.
    public func agentsNeeded(within seconds: Double, share: Double) -> Int {
        guard load > 0 else { return 0 }
        var agents = Int(load.rounded(.down)) + 1
        // A share of 1 is never quite reached; a thousand more agents than the load is plenty.
        while shareTaken(within: seconds, agents: agents) < share, Double(agents) < load + 1_000 { agents += 1 }
        return agents
    }
}
