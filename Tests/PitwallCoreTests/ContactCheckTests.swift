import Testing

@testable import PitwallCore
import PitwallSimulator

@Suite("Contact data at the door: E.164 phones by the numbering plan's rules, e-mail shapes")
struct ContactCheckTests {
    @Test(
        "North American numbers, however written, become +1 and ten digits",
        arguments: [
            ("(312) 845-0101", "+13128450101"), ("312.845.0101", "+13128450101"), ("+1 312 845 0101", "+13128450101"),
            ("1-312-845-0101", "+13128450101"), ("3128450101", "+13128450101"), (" 312 845 0101 ", "+13128450101"),
            ("001 312 845 0101", "+13128450101"), ("(619) 200-1234", "+16192001234"), ("+1 (773) 555-0200", "+17735550200"),
        ])
    func northAmerican(raw: String, e164: String) {
        #expect(ContactCheck.phone(raw) == PhoneCheck(e164: e164))
    }

    @Test(
        "numbers that cannot be texted are kept out, with the reason",
        arguments: [
            ("", "empty"), ("555-0101", "a North American number has 10 digits, '555-0101' has 7"),
            ("(312) 555-0150", "555-0150 is reserved for fiction, not a real number"),
            ("(112) 555-2000", "area code 112 cannot start with 1"), ("(011) 234-5678", "area code 011 cannot start with 0"),
            ("(911) 234-5678", "911 is a service code, not an area code"), ("(312) 123-4567", "exchange 123 cannot start with 1"),
            ("(312) 411-4567", "exchange 411 is a service code"), ("312-555-0101 x204", "has an extension: '312-555-0101 x204' cannot receive texts"),
            ("call me", "'call me' has characters that are not part of a phone number"),
            ("+44 20", "an international number has 8 to 15 digits, '+44 20' has 4"),
            ("312555010199", "a North American number has 10 digits, '312555010199' has 12"),
            // A digit left out after +1 is a short number, not an area code starting with 1.
            ("+1312845010", "a North American number has 10 digits after +1, '+1312845010' has 9"),
            ("001 312 845 01011", "a North American number has 10 digits after +1, '001 312 845 01011' has 11"),
        ])
    func refused(raw: String, problem: String) {
        let check = ContactCheck.phone(raw)
        #expect(check.e164 == nil)
        #expect(check.problem == problem)
    }

    @Test("each refusal is of a kind, for counting them per source")
    func kinds() {
        #expect(ContactCheck.phone("(312) 555-0150").kind == .fiction)
        #expect(ContactCheck.phone("555-0101").kind == .wrongLength)
        #expect(ContactCheck.phone("(911) 234-5678").kind == .notAssignable)
        #expect(ContactCheck.phone("312-867-5309 ext 4").kind == .hasExtension)
        #expect(ContactCheck.phone("call me").kind == .badCharacters)
        #expect(ContactCheck.phone(" ").kind == .empty)
        #expect(ContactCheck.phone("312-867-5309").kind == nil)
        #expect(ContactCheck.email("ana@example").kind == .badDomain)
        #expect(ContactCheck.email("ana.example.com").kind == .badAddress)
        #expect(ContactCheck.email("a b@example.com").kind == .badCharacters)
    }

    @Test("a 555 number outside 0100-0199 is a real number; other countries keep their code")
    func edges() {
        #expect(ContactCheck.phone("312-555-0200").e164 == "+13125550200")
        #expect(ContactCheck.phone("312-555-1234").e164 == "+13125551234")
        // The test fixtures' own +1 312 555 0101 is fiction, as it should be.
        #expect(ContactCheck.phone("+1 312 555 0101").problem == "555-0101 is reserved for fiction, not a real number")
        #expect(ContactCheck.phone("+44 20 7946 0958").e164 == "+442079460958")
        #expect(ContactCheck.phone("0049 30 1234567").e164 == "+49301234567")
    }

    @Test(
        "e-mails are trimmed, lose mailto:, get a lower-case domain, and must look like one address",
        arguments: [
            (" Ana.Lopez@Example.COM ", "Ana.Lopez@example.com", nil), ("mailto:ana@example.com", "ana@example.com", nil),
            ("ana+cars@mail.example.co.uk", "ana+cars@mail.example.co.uk", nil),
            ("ana@example", nil, "'example' is not a domain like example.com"), ("ana.example.com", nil, "'ana.example.com' needs exactly one @"),
            ("ana@@example.com", nil, "'ana@@example.com' needs exactly one @"), ("ana @example.com", nil, "'ana @example.com' has spaces or separators: one address only"),
            ("a@b.com, c@d.com", nil, "'a@b.com, c@d.com' has spaces or separators: one address only"),
            (".ana@example.com", nil, "the part before @ in '.ana@example.com' is empty or badly dotted"),
            ("ana@-example.com", nil, "'-example.com' is not a domain like example.com"), ("", nil, "empty"),
        ] as [(String, String?, String?)])
    func email(raw: String, address: String?, problem: String?) {
        let check = ContactCheck.email(raw)
        #expect(check.address == address)
        #expect(check.problem == problem)
        #expect((check.kind == nil) == (problem == nil))
    }
}

@Suite("Trimming spaces and tabs")
struct TrimmingSpacesTests {
    @Test(
        "only leading and trailing spaces and tabs go; letters of any script, inner spaces and other white space stay",
        arguments: [
            ("  ana@example.com\t", "ana@example.com"), ("José Núñez", "José Núñez"), ("\t é ", "é"), ("   ", ""), ("", ""),
            (" محمد ", "محمد"), (" a \t b ", "a \t b"), ("\nline\n", "\nline\n"), ("x", "x"), (" 👍🏽 ", "👍🏽"),
        ])
    func trims(raw: String, trimmed: String) {
        #expect(raw.trimmingSpaces == trimmed)
        #expect(raw[...].trimmingSpaces == trimmed)
    }

    @Test("the fast paths for well-formed phones and e-mails answer exactly as the full rules on 60,000 seeded variations")
    func fastPathsAgree() {
        var random = SeededRandom(seed: 1202)
        func mutate(_ text: String, alphabet: [Character]) -> String {
            var characters = Array(text)
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let choice = Int.random(in: 0...2, using: &random)
                if choice == 1 || characters.isEmpty {
                    characters.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...characters.count, using: &random))
                } else if choice == 0 {
                    characters.remove(at: Int.random(in: 0..<characters.count, using: &random))
                } else {
                    characters[Int.random(in: 0..<characters.count, using: &random)] = alphabet.randomElement(using: &random)!
                }
            }
            return String(characters)
        }
        let phoneAlphabet = Array("+0123456789 -().x15")
        var phoneFastHits = 0
        for _ in 0..<30_000 {
            let digits = (0..<10).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            let seeds = ["+1" + digits, "+1\(Int.random(in: 2...9, using: &random))\(Int.random(in: 0...9, using: &random))1555010\(Int.random(in: 0...9, using: &random))\(Int.random(in: 0...9, using: &random))"]
            let phone = mutate(seeds.randomElement(using: &random)!, alphabet: phoneAlphabet)
            if ContactCheck.wellFormedNorthAmericanPhone(phone) != nil { phoneFastHits += 1 }
            #expect(ContactCheck.phone(phone) == ContactCheck.phoneByRules(phone), "\(phone)")
        }
        let emailAlphabet = Array("aZ0.-@_+ ,;<>\t\"é:M")
        let locals = ["ana", "Ana.Ruiz", "a.b-c+d", "mailto:ana", "x", ".ana", "ana.", "a..b", String(repeating: "a", count: 64), String(repeating: "b", count: 65)]
        let domains = ["example.com", "Example.COM", "mail.dealer-group.us", "ex-.com", "-ex.com", "ex.c", "localhost", "ex..com", "ex.com.", "xn--bcher-kva.de"]
        var emailFastHits = 0
        for _ in 0..<30_000 {
            let email = mutate(locals.randomElement(using: &random)! + "@" + domains.randomElement(using: &random)!, alphabet: emailAlphabet)
            if ContactCheck.wellFormedEmail(email) != nil { emailFastHits += 1 }
            #expect(ContactCheck.email(email) == ContactCheck.emailByRules(email), "\(email)")
        }
        // Both paths were really exercised, and both ways.
        #expect(phoneFastHits > 3_000 && phoneFastHits < 27_000, "\(phoneFastHits)")
        #expect(emailFastHits > 3_000 && emailFastHits < 27_000, "\(emailFastHits)")
    }
}
