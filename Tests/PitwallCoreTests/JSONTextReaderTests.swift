import Foundation
import Testing

@testable import PitwallCore
import PitwallSimulator

@Suite("Reading JSON text")
struct JSONTextReaderTests {
    func read(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONTextReader.read(text) }

    /// What Foundation's reader makes of the same text, in the same terms.
    func foundation(_ text: String) -> JSONValue? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return nil }
        return JSONValue(foundation: object)
    }

    @Test("every kind of value, nested")
    func values() throws {
        let text = #" {"a": [1, -2.5, 3e2, true, false, null, "x"], "b": {"c": {}}, "d": [], "e": ""} "#
        #expect(
            try read(text)
                == .object([
                    "a": .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null, .string("x")]),
                    "b": .object(["c": .object([:])]), "d": .array([]), "e": .string(""),
                ]))
        #expect(try read("42") == .number(42))
        // Foundation's reader, which Pitwall used before, forgives a comma before the closing bracket.
        #expect(try read(#"{"a":[1,],}"#) == .object(["a": .array([.number(1)])]))
        #expect(try read("\u{FEFF}[1]") == .array([.number(1)]))
    }

    @Test("escapes, accents and characters outside the basic plane")
    func strings() throws {
        #expect(try read(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try read(#""caf\u00e9 \u00E9 café""#) == .string("café é café"))
        #expect(try read(#""\ud83d\ude97 🚗""#) == .string("🚗 🚗"))
        #expect(try read(#""\u0001""#) == .string("\u{1}"))
    }

    @Test("numbers read to the same double as the standard library's correctly rounded parser", arguments: [
        "0", "-0", "7", "-12", "0.179", "2.675", "0.1", "123456.789012345", "999999999999999", "1234567890123456789",
        "-0.0", "1e2", "1E-2", "2.5e+3", "0.000001234", "9007199254740993", "1e-400", "1.7976931348623157e308",
        // Foundation's reader on Linux gets the last bit of these wrong; the standard library does not.
        "-105153.3844876981", "617513472431621478.2", "106897688802.76104070",
    ])
    func numbers(text: String) throws {
        guard case .number(let value) = try read(text) else {
            Issue.record("\(text) is not a number")
            return
        }
        let expected = text == "-0" ? 0 : Double(text)!
        #expect(value == expected && value.sign == expected.sign, "\(text)")
    }

    @Test("text that is not JSON is refused with what is wrong and where", arguments: [
        ("", 0, "the text is empty"),
        ("   ", 3, "the text ends where a value was expected"),
        ("{", 1, "expected a member name in double quotes, found end of text"),
        (#"{"a":}"#, 5, "unexpected '}' where a value was expected"),
        (#"{"a":1,,}"#, 7, "expected a member name in double quotes, found ','"),
        ("[1,,]", 3, "unexpected ',' where a value was expected"),
        ("[,]", 1, "unexpected ',' where a value was expected"),
        ("{'a':1}", 1, "expected a member name in double quotes, found '''"),
        (#"{"a" 1}"#, 5, #"expected ':' after the name "a", found '1'"#),
        (#"{"a":1 "b":2}"#, 7, #"expected ',' or '}' after the value of "a", found '"'"#),
        ("[1 2]", 3, "expected ',' or ']' after an array element, found '2'"),
        ("01", 0, "a number must not have leading zeros"),
        ("1.", 2, "a number needs digits after its decimal point"),
        ("-", 1, "a number needs a digit after '-'"),
        ("1e", 2, "a number needs digits in its exponent"),
        ("1e400", 0, "the number 1e400 is too large"),
        ("tru", 0, "unexpected 't' where a value was expected"),
        ("hello", 0, "unexpected 'h' where a value was expected"),
        ("1 2", 2, "unexpected '2' after the end of the JSON value"),
        (#""abc"#, 0, "a string that starts here is never closed"),
        (#""a\x""#, 2, "unknown escape in a string"),
        (#""\u12""#, 1, "\\u must be followed by four hexadecimal digits"),
        (#""\ud800""#, 1, "\\uD800 is half of a surrogate pair"),
        (#""\ud800\u0041""#, 7, "\\uD800 must be followed by a low surrogate (\\uDC00 to \\uDFFF), not \\u0041"),
        (#""\udc00""#, 1, "\\uDC00 is the low half of a surrogate pair without its high half"),
        ("\"a\tb\"", 2, "a control character (byte 0x9) inside a string must be written as an escape"),
        // JSON allows it, but no text Pitwall keeps can hold it.
        (#"{"id":"L\u0000"}"#, 8, "\\u0000 (the NUL character) cannot be kept in any text"),
    ])
    func refusals(text: String, offset: Int, problem: String) {
        #expect(throws: JSONSyntaxError.self) { try read(text) }
        do {
            _ = try read(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.problem.hasPrefix(problem), "\(text): \(error)")
        }
        #expect(foundation(text) == nil || text == "1e400" || text.contains("\\u0000"), "Foundation reads \(text) too")
    }

    @Test("the position in a message counts characters, not bytes, after accented letters")
    func positionAfterAccents() {
        #expect(throws: JSONSyntaxError(offset: 21, character: 18, problem: #"expected ',' or '}' after the value of "name", found 'x'"#)) {
            try read(#"{"name":"José 🚗" x}"#)
        }
        let error = JSONSyntaxError(offset: 17, character: 15, problem: "p")
        #expect(error.description == "p at character 15")
    }

    @Test("bytes that are not UTF-8 are refused, inside or outside escapes")
    func notUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x28, 0x22], [0x22, 0x5C, 0x6E, 0xFF, 0x22], [0xFF]] {
            #expect(throws: JSONSyntaxError.self) { try JSONTextReader.read(Data(bytes)) }
        }
    }

    @Test("UTF-16 and UTF-32, which Foundation's reader took, are refused with the fix named")
    func widerEncodings() {
        let text = #"{"id":"e1"}"#
        for encoding: String.Encoding in [.utf16, .utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian] {
            let data = text.data(using: encoding)!
            #expect(throws: JSONSyntaxError(offset: 0, problem: "the text is UTF-16 or UTF-32, not UTF-8: save or send it as UTF-8")) {
                try JSONTextReader.read(data)
            }
        }
    }

    @Test("nesting deeper than the limit is refused, not a crash")
    func depth() throws {
        let limit = JSONTextReader.maximumDepth
        #expect(try read(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) != .null)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(throws: JSONSyntaxError(offset: limit, problem: "objects and arrays are nested more than \(limit) deep")) { try read(tooDeep) }
        #expect(throws: JSONSyntaxError.self) { try read(String(repeating: "[", count: 100_000)) }
    }

    @Test("random numbers, long and with exponents, read to the standard library's correctly rounded double")
    func randomNumbers() throws {
        var random = SeededRandom(seed: 1201)
        for _ in 0..<5_000 {
            let text = Self.randomNumber(maximumDigits: 30, random: &random)
            #expect(try read(text) == .number(Double(text)!), "\(text)")
        }
    }

    @Test("random documents read the same as with Foundation's reader")
    func agreesWithFoundationOnRandomDocuments() throws {
        var random = SeededRandom(seed: 20261201)
        for _ in 0..<2_000 {
            let text = Self.randomDocument(depth: 0, random: &random)
            let expected = try #require(foundation(text), "Foundation refuses \(text)")
            #expect(try read(text) == expected, "\(text)")
        }
    }

    @Test("a simulated week's events read back equal through this reader and through Foundation's")
    func simulatedEvents() throws {
        var events: [Event] = []
        DealershipSimulator(settings: SimulationSettings(days: 7, seed: 3)).run { events.append($0) }
        #expect(events.count > 1_000)
        for event in events {
            let line = event.canonicalJSON
            #expect(try read(line) == foundation(line))
            #expect(try Event(storedJSON: line) == event)
        }
    }

    static func randomDocument(depth: Int, random: inout SeededRandom) -> String {
        let kind = Int.random(in: depth > 3 ? 0..<4 : 0..<6, using: &random)
        switch kind {
        case 0: return ["true", "false", "null"].randomElement(using: &random)!
        // Foundation rounds numbers of more than 15 digits or with exponents differently (see above).
        case 1: return randomNumber(maximumDigits: 15, exponents: false, random: &random)
        case 2, 3: return randomString(random: &random)
        case 4:
            let items = (0..<Int.random(in: 0..<4, using: &random)).map { _ in randomDocument(depth: depth + 1, random: &random) }
            return "[" + items.joined(separator: Bool.random(using: &random) ? "," : " , ") + "]"
        default:
            let members = (0..<Int.random(in: 0..<4, using: &random)).map { index in
                "\"k\(index)\"" + (Bool.random(using: &random) ? ":" : " :\n ") + randomDocument(depth: depth + 1, random: &random)
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    static func randomNumber(maximumDigits: Int, exponents: Bool = true, random: inout SeededRandom) -> String {
        let digits = "0123456789"
        var text = Bool.random(using: &random) ? "-" : ""
        let whole = Int.random(in: 1...maximumDigits, using: &random)
        text += whole == 1 && Bool.random(using: &random) ? "0" : String(digits.dropFirst().randomElement(using: &random)!)
        for _ in 1..<whole { text.append(digits.randomElement(using: &random)!) }
        if whole < maximumDigits, Bool.random(using: &random) {
            text += "."
            for _ in 0..<Int.random(in: 1...(maximumDigits - whole), using: &random) { text.append(digits.randomElement(using: &random)!) }
        }
        if exponents, Int.random(in: 0..<4, using: &random) == 0 { text += "e\(Int.random(in: -30...30, using: &random))" }
        return text
    }

    static func randomString(random: inout SeededRandom) -> String {
        let pieces = ["a", "Z", "7", " ", "é", "ß", "日本", "🚗", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u00e9", "\\u0001", "\\ud83d\\ude97", "-", "@"]
        return "\"" + (0..<Int.random(in: 0..<8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() + "\""
    }
}
