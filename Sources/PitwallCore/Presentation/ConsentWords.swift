/// How an opt-out was read, in words for whoever checks a complaint: "said STOP", "asked to
/// stop being texted". The rule ids (`keyword:STOP`, `phrase:stop_contacting`) stay in the
/// API and exports, where scripts count them.
public enum ConsentWords {
    public static func readable(_ rule: String) -> String {
        guard let colon = rule.firstIndex(of: ":") else { return rule }
        let kind = rule[..<colon]
        let name = String(rule[rule.index(after: colon)...])
        switch kind {
        case "keyword": return "said \(name)"
        case "leading_keyword": return "began with \(name)"
        case "event": return name == "lead.opted_out" ? "the CRM's opt-out" : rule
        case "phrase": return phrases[name] ?? rule
        default: return rule
        }
    }

    static let phrases = [
        "stop_contacting": "asked to stop being contacted", "do_not_contact": "asked not to be contacted",
        "remove_me": "asked to be taken off the list", "no_more_messages": "asked for no more messages", "unsubscribe": "asked to unsubscribe",
        "opt_out": "asked to opt out", "leave_me_alone": "asked to be left alone", "lose_my_number": "asked for their number to be dropped",
    ]
}
