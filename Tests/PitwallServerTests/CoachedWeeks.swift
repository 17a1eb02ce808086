import PitwallCore
import PitwallTestSupport

/// Two weeks at Lakeside (always open, hot leads, 5-minute SLA): in the week of 22 February
/// Ben writes to each of his 40 leads 30 minutes after the hand-off; in the week of 1 March,
/// coached, 2 minutes after. Every other agent named writes after 2 minutes both weeks.
enum CoachedWeeks {
    static func events(colleagues: [String]) throws -> [Event] {
        var events: [Event] = []
        for (week, benPickup) in [("2026-02-23T15:00:00Z", 1_800.0), ("2026-03-02T15:00:00Z", 120)] {
            let base = try Timestamp(rfc3339: week)
            for (agent, pickup) in [("ben", benPickup)] + colleagues.map({ ($0, 120.0) }) {
                for index in 0..<40 {
                    let id = "\(week.prefix(10))-\(agent)-\(index)"
                    var make = EventFactory(lead: LeadID(id), base: base.adding(seconds: Double(index) * 60))
                    events += [
                        make.created(0, store: "lkt"), make.sent(20, message: "\(id)-ai"), make.make(90, .leadAssigned(agent: AgentID(agent))),
                        make.sent(90 + pickup, message: "\(id)-agent", sender: .agent, agent: AgentID(agent)),
                    ]
                }
            }
        }
        return events
    }
}
