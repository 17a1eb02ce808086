import Foundation
import Testing

@testable import PitwallCore

@Suite("Finding a JSON array's elements piece by piece")
struct JSONArrayElementsTests {
    /// Elements as a reader of the whole text would see them: strings holding commas,
    /// brackets and escaped quotes, nesting, numbers, and space around them.
    static let elements = [
        #"{"id":"e1","body":"Yes, [still] {interested}, \"really\" \\"}"#,
        #"{"id":"e2","nested":{"list":[1,[2,{"x":"]"}],3]},"n":-1.5e3}"#,
        "42",
        #""a string, alone""#,
        #"{"id":"e5","text":"back\\slash at the end\\\\"}"#,
        "[1, 2]",
    ]

    /// The elements found when `text` arrives in pieces of `size` bytes, the way the
    /// importer reads a file: scanning what has arrived, taking a few, dropping them.
    static func split(_ text: String, pieces size: Int, taking: Int = 2) -> (elements: [String], problems: [String]) {
        let bytes = Array(text.utf8)
        var scanner = JSONArrayElements()
        var buffer: [UInt8] = []
        var taken: [String] = []
        func takeFound(_ count: Int) {
            let ranges = scanner.take(count)
            taken += ranges.map { String(decoding: buffer[$0], as: UTF8.self) }
            if let end = ranges.last?.upperBound {
                buffer.removeFirst(end)
                scanner.drop(end)
            }
        }
        var start = 0
        while start < bytes.count {
            buffer += bytes[start..<min(start + size, bytes.count)]
            start += size
            buffer.withUnsafeBytes { scanner.scan($0) }
            if scanner.found.count >= taking { takeFound(taking) }
        }
        scanner.finish()
        takeFound(.max)
        return (taken, scanner.problems)
    }

    @Test("every element is found whole, wherever the pieces the file arrives in are cut", arguments: [1, 2, 3, 7, 64, 10_000])
    func pieces(size: Int) {
        let text = "\u{FEFF}[\n  " + Self.elements.joined(separator: " ,\n\t") + "\n]\n"
        let (found, problems) = Self.split(text, pieces: size)
        #expect(found == Self.elements)
        #expect(problems.isEmpty)
    }

    @Test("each element found reads back as the same JSON as the whole array's element")
    func agreesWithTheReader() throws {
        let text = "[" + Self.elements.joined(separator: ",") + "]"
        guard case .array(let whole) = try JSONTextReader.read(text) else { Issue.record("not an array"); return }
        let found = Self.split(text, pieces: 5).elements
        #expect(try found.map { try JSONTextReader.read($0) } == whole)
    }

    @Test("a comma before the closing bracket is forgiven; an empty element between two commas is found empty")
    func commas() {
        #expect(Self.split("[1,2,]", pieces: 1).elements == ["1", "2"])
        #expect(Self.split("[1,,2]", pieces: 1).elements == ["1", "", "2"])
        #expect(Self.split("[]", pieces: 1).elements.isEmpty)
        #expect(Self.split("[]", pieces: 1).problems.isEmpty)
    }

    @Test("a file cut short and a file that goes on after the array each say so; what was found is kept")
    func problems() {
        let cut = Self.split(#"[{"id":"e1"},{"id":"e2"},{"id":"e3","ty"#, pieces: 4)
        #expect(cut.elements == [#"{"id":"e1"}"#, #"{"id":"e2"}"#, #"{"id":"e3","ty"#])
        #expect(cut.problems == ["the file ends before the array's closing ']': it may have been cut short, so check that every event arrived"])
        let after = Self.split("[1,2]\n[3]", pieces: 3)
        #expect(after.elements == ["1", "2"])
        #expect(after.problems == ["the file goes on after the array's closing ']' (at byte 7); that text was not read"])
    }
}
