import PitwallCore

/// Weeks of leads at several stores that reply in known numbers: `leads` a store a week, each
/// created a minute after the last from the week's start and texted by the AI 20 s later, the
/// first `replying[store]` of them answering 5 minutes after arriving. What the change log's
/// tests set a change's before and since with.
public enum ReplyWeeks {
    public static func events(_ weeks: [(start: String, replying: [(store: StoreID, count: Int)])], leads: Int = 40) throws -> [Event] {
        var events: [Event] = []
        for (start, replying) in weeks {
            let base = try Timestamp(rfc3339: start)
            for (store, count) in replying {
                for index in 0..<leads {
                    let id = "\(start.prefix(10))-\(store)-\(index)"
                    var make = EventFactory(lead: LeadID(id), base: base.adding(seconds: Double(index) * 60))
                    events += [make.created(0, store: store), make.sent(20, message: "\(id)-ai")]
                    if index < count { events.append(make.received(300, message: "\(id)-reply")) }
                }
            }
        }
        return events
    }
}
