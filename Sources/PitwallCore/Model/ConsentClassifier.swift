/// What an inbound message says about consent to be texted, and which rule said so.
public struct ConsentReading: Hashable, Sendable {
    public enum Intent: String, Hashable, Sendable {
        /// The customer revoked consent: no more messages (TCPA).
        case optOut = "opt_out"
        /// The customer asked to receive messages again (after an opt-out).
        case optIn = "opt_in"
    }

    public var intent: Intent
    /// The rule that matched, for the audit trail: `keyword:STOP`, `phrase:do_not_contact`, ...
    public var rule: String

    public init(intent: Intent, rule: String) {
        self.intent = intent
        self.rule = rule
    }
}

/// Reads consent from an inbound text: the carriers' keywords as the whole message, and
/// revocation in the customer's own words ("please stop texting me", "take me off your
/// list"), while leaving alone what only looks like it ("don't stop, I'm interested",
/// "stop by tomorrow at 3", "cancel my appointment"). Pure; tested on labelled phrases.
public enum ConsentClassifier {
    /// Whole-message keywords that revoke consent (the carriers' list plus REVOKE and OPT OUT).
    public static let stopKeywords: Set<String> = ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out", "stop all"]
    /// Whole-message keywords that give it back.
    public static let startKeywords: Set<String> = ["start", "unstop", "yes"]

    public static func read(_ body: String) -> ConsentReading? {
        let words = tokens(body)
        guard !words.isEmpty else { return nil }
        let whole = words.joined(separator: " ")
        if stopKeywords.contains(whole) { return ConsentReading(intent: .optOut, rule: "keyword:" + whole.replacingSpaces.uppercased()) }
        if startKeywords.contains(whole) { return ConsentReading(intent: .optIn, rule: "keyword:" + whole.uppercased()) }
        // "Stop please", "STOP!!! now": a stop keyword with nothing but courtesy around it.
        let courtesy: Set<String> = ["please", "pls", "plz", "now", "it", "thanks", "thank", "you", "thx", "asap", "immediately"]
        if words.count <= 4, let keyword = words.first(where: { stopKeywords.contains($0) }), words.allSatisfy({ $0 == keyword || courtesy.contains($0) }) {
            return ConsentReading(intent: .optOut, rule: "keyword_with_courtesy:" + keyword.uppercased())
        }
        // "STOP. I bought elsewhere": the keyword first, closed by punctuation.
        if let rule = leadingKeyword(body) { return ConsentReading(intent: .optOut, rule: rule) }
        for phrase in revocations {
            if phrase.matches(words) { return ConsentReading(intent: .optOut, rule: "phrase:" + phrase.name) }
        }
        return nil
    }

    /// Lower-case words; apostrophes dropped ("don't" -> "dont"), "do not" read as "dont".
    static func tokens(_ body: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in body.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "’" {
                continue
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var joined: [String] = []
        for word in words {
            if word == "not", joined.last == "do" || joined.last == "does" {
                joined[joined.count - 1] = "dont"
            } else {
                joined.append(word)
            }
        }
        return joined
    }

    static func leadingKeyword(_ body: String) -> String? {
        let text = body.lowercased().drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        for keyword in ["stopall", "stop", "unsubscribe"] where text.hasPrefix(keyword) {
            let rest = text.dropFirst(keyword.count)
            if let next = rest.first, ".,!;:-–—".contains(next) { return "leading_keyword:" + keyword.uppercased() }
        }
        return nil
    }

    /// A revocation in words: a run of word choices that must appear in order, close together,
    /// unless one of `unless` comes right before it ("dont stop texting me").
    struct Phrase: Sendable {
        var name: String
        var steps: [Set<String>]
        var unlessBefore: Set<String> = []
        /// ... or one of these right after it ("opt out of the warranty").
        var unlessAfter: Set<String> = []
        /// How many other words may stand between two steps.
        var gap = 1

        func matches(_ words: [String]) -> Bool {
            for start in words.indices where steps[0].contains(words[start]) {
                if start > 0, unlessBefore.contains(words[start - 1]) { continue }
                if start > 1, unlessBefore.contains(words[start - 2]) { continue }
                var position = start
                var matched = true
                for step in steps.dropFirst() {
                    let window = (position + 1)..<min(words.count, position + 2 + gap)
                    guard let found = window.first(where: { step.contains(words[$0]) }) else {
                        matched = false
                        break
                    }
                    position = found
                }
                if matched, position + 1 < words.count, unlessAfter.contains(words[position + 1]) { continue }
                if matched { return true }
            }
            return false
        }
    }

    static let contacting: Set<String> = [
        "texting", "txting", "messaging", "contacting", "calling", "sending", "emailing", "bothering", "spamming", "harassing", "hitting",
    ]
    static let contactVerbs: Set<String> = ["text", "txt", "message", "msg", "contact", "call", "email", "send", "bother", "spam"]

    static let revocations: [Phrase] = [
        // "Please stop texting me", "can you stop sending these" (but not "why did you stop texting", "dont stop texting").
        Phrase(name: "stop_contacting", steps: [["stop", "quit", "cease"], contacting], unlessBefore: ["dont", "never", "didnt", "did", "why"]),
        // "Don't text me anymore", "never contact me again", "do not call or text".
        Phrase(name: "do_not_contact", steps: [["dont", "never"], contactVerbs], gap: 1),
        // "Take me off your list", "remove my number", "delete my info".
        Phrase(name: "remove_me", steps: [["remove", "take", "delete", "erase", "drop"], ["me", "my"], ["list", "number", "info", "information", "details", "texts", "messages"]], gap: 3),
        // "No more texts", "no more messages please".
        Phrase(name: "no_more_messages", steps: [["no"], ["more"], ["texts", "text", "messages", "message", "msgs", "calls", "emails", "contact"]], gap: 0),
        // "Please unsubscribe me", "how do I unsubscribe".
        Phrase(name: "unsubscribe", steps: [["unsubscribe", "unsub"]]),
        // "Opt me out", "I want to opt out".
        Phrase(name: "opt_out", steps: [["opt"], ["out"]], unlessAfter: ["of"], gap: 1),
        Phrase(name: "opt_out", steps: [["opt"], ["out"], ["of"], ["texts", "text", "messages", "these", "this", "sms", "texting", "all"]], gap: 0),
        // "Leave me alone", "lose my number".
        Phrase(name: "leave_me_alone", steps: [["leave"], ["me"], ["alone"]], gap: 0),
        Phrase(name: "lose_my_number", steps: [["lose", "forget"], ["my"], ["number"]], gap: 0),
    ]
}

extension String {
    fileprivate var replacingSpaces: String { split(separator: " ").joined() }
}
