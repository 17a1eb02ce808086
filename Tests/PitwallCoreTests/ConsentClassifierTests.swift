import Testing

@testable import PitwallCore

@Suite("Consent: stop keywords, revocation in the customer's own words, and what only looks like it")
struct ConsentClassifierTests {
    /// Real-world-shaped replies and what they mean: nil is "not about consent".
    static let labelled: [(String, ConsentReading.Intent?)] = [
        // The carriers' keywords, whole message, any case, with stray punctuation.
        ("STOP", .optOut), ("stop", .optOut), (" Stop. ", .optOut), ("STOPALL", .optOut), ("Unsubscribe", .optOut), ("cancel", .optOut),
        ("END", .optOut), ("quit!", .optOut), ("REVOKE", .optOut), ("opt out", .optOut), ("OPT-OUT", .optOut), ("Stop please", .optOut),
        ("STOP!!! now", .optOut), ("pls stop", .optOut), ("STOP. I already bought a car", .optOut), ("Stop, wrong person", .optOut),
        // Revocation in words.
        ("Please stop texting me", .optOut), ("can you stop sending me these messages", .optOut), ("stop messaging me", .optOut),
        ("Don't text me anymore", .optOut), ("do not contact me again", .optOut), ("Never text this number again", .optOut),
        ("Take me off your list", .optOut), ("please remove me from your contact list", .optOut), ("remove my number", .optOut),
        ("delete my info please", .optOut), ("No more texts", .optOut), ("no more messages please", .optOut),
        ("please unsubscribe me", .optOut), ("how do I unsubscribe", .optOut), ("Opt me out", .optOut), ("I want to opt out", .optOut),
        ("opt out of these texts", .optOut), ("leave me alone", .optOut), ("Lose my number", .optOut), ("quit calling me", .optOut),
        ("I said stop texting me!!", .optOut), ("Stop contacting me, I bought elsewhere", .optOut), ("DONT TEXT ME", .optOut),
        ("I don’t want you to text me. Don’t text me again", .optOut),
        // Opting back in.
        ("START", .optIn), ("unstop", .optIn), ("Yes", .optIn), ("yes.", .optIn),
        // Look-alikes: not revocations.
        ("don't stop, I'm interested", nil), ("stop by tomorrow at 3", nil), ("Can I stop by the dealership today?", nil),
        ("I'll stop in after work", nil), ("My car stopped working, that's why I need a new one", nil), ("cancel my appointment", nil),
        ("I need to cancel Saturday, can we do Monday?", nil), ("end of the month works for me", nil), ("text me the price", nil),
        ("Why did you stop texting me?", nil), ("Can I opt out of the extended warranty?", nil), ("Please don't stop sending deals", nil),
        ("Yes, Saturday at 10 works", nil), ("Yes please send the carfax", nil), ("Start the paperwork", nil), ("Is the red one still available?", nil),
        ("Remove my trade-in from the deal", nil), ("No more than 30k please", nil), ("call me after 5", nil), ("", nil), ("👍", nil),
    ]

    @Test("at least 50 labelled replies read as their labels", arguments: labelled.indices)
    func labelledPhrase(index: Int) {
        let (text, expected) = Self.labelled[index]
        #expect(ConsentClassifier.read(text)?.intent == expected, "“\(text)” -> \(String(describing: ConsentClassifier.read(text)))")
    }

    @Test("the set holds at least 50 phrases, with look-alikes and opt-ins among them")
    func coverage() {
        #expect(Self.labelled.count >= 50)
        #expect(Self.labelled.filter { $0.1 == nil }.count >= 15)
        #expect(Self.labelled.filter { $0.1 == .optIn }.count >= 3)
    }

    @Test("each reading names the rule that matched, for the audit trail")
    func rules() {
        #expect(ConsentClassifier.read("stop")?.rule == "keyword:STOP")
        #expect(ConsentClassifier.read("Opt Out")?.rule == "keyword:OPTOUT")
        #expect(ConsentClassifier.read("stop please")?.rule == "keyword_with_courtesy:STOP")
        #expect(ConsentClassifier.read("STOP. bought already")?.rule == "leading_keyword:STOP")
        #expect(ConsentClassifier.read("please stop texting me")?.rule == "phrase:stop_contacting")
        #expect(ConsentClassifier.read("don't text me")?.rule == "phrase:do_not_contact")
        #expect(ConsentClassifier.read("take me off your list")?.rule == "phrase:remove_me")
        #expect(ConsentClassifier.read("UNSTOP")?.rule == "keyword:UNSTOP")
    }

    @Test("every carrier stop keyword is an opt-out, in any case and with punctuation")
    func carrierKeywords() {
        for keyword in ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"] {
            #expect(ConsentClassifier.read(keyword)?.intent == .optOut, "\(keyword)")
            #expect(ConsentClassifier.read(keyword.lowercased() + "!")?.intent == .optOut, "\(keyword)")
        }
    }
}

@Suite("An opt-out's rule in words")
struct ConsentWordsTests {
    @Test("every phrase the classifier knows, every kind of keyword and the CRM's own opt-out read as words")
    func everyRuleInWords() {
        for phrase in ConsentClassifier.revocations {
            #expect(ConsentWords.readable("phrase:" + phrase.name) != "phrase:" + phrase.name, "\(phrase.name) has no words")
        }
        #expect(ConsentWords.readable("keyword:STOP") == "said STOP")
        #expect(ConsentWords.readable("leading_keyword:STOP") == "began with STOP")
        #expect(ConsentWords.readable("event:lead.opted_out") == "the CRM's opt-out")
        #expect(ConsentWords.readable("something new") == "something new", "an unknown rule shows as it is")
        #expect(ConsentWords.readable(ConsentClassifier.read("please stop texting me")!.rule) == "asked to stop being contacted")
    }
}
