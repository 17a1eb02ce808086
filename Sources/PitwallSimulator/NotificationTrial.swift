import PitwallCore

/// How the simulated group tells an agent a lead is theirs (module 7's A/B test of
/// notification methods): the Toyota, Ford, Nissan and Subaru stores try mobile push against
/// e-mail, lead by lead; the others tell everyone on Slack. Push is read at once, e-mail
/// whenever the inbox is next opened, so an agent told by push answers in 0.7 of their usual
/// time and one told by e-mail in 1.4. Chosen by the ids alone (FNV-1a), so that the
/// generator draws what it drew before and every other event is as it was.
enum NotificationTrial {
    static let trialBrands: Set<String> = ["Toyota", "Ford", "Nissan", "Subaru"]

    static func method(store: SimulatedStore, lead: LeadID) -> String {
        guard trialBrands.contains(store.brand) else { return "slack" }
        return (StableHash.fnv1a(lead.rawValue) >> 17) % 2 == 0 ? "push" : "email"
    }

    /// How much longer than usual an agent told by `method` takes to answer.
    static func slowness(_ method: String?) -> Double {
        switch method {
        case "push": 0.7
        case "email": 1.4
        default: 1
        }
    }
}
