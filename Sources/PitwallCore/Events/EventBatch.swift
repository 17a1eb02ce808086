import Foundation

/// How a batch of events is laid out in a request body or file.
public enum EventBatchFormat: Sendable {
    /// A JSON array of event objects (a single object is accepted as a batch of one).
    case jsonArray
    /// One event object per line.
    case ndjson

    /// Guesses from the first non-blank byte: `[` starts an array, anything else is NDJSON.
    public static func sniff(_ data: Data) -> EventBatchFormat {
        let first = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return first == UInt8(ascii: "[") ? .jsonArray : .ndjson
    }
}

/// One entry of a batch after decoding: an event ready to store, or the reason it was refused.
public struct DecodedBatchEntry: Sendable {
    /// Position of the entry in the batch, counting from 0.
    public var index: Int
    /// Line number (from 1) for NDJSON input.
    public var line: Int?
    /// The entry's `id` when one could be read, to help the sender find it.
    public var id: String?
    public var result: Result<Event, EventFieldError>
}

/// Why a whole batch could not be read.
public enum EventBatchError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notJSON(String)
    case notAnArray

    public var description: String {
        switch self {
        case .empty:
            "the body is empty: send a JSON array of events or NDJSON (one event per line)"
        case .notJSON(let detail):
            "the body is not JSON (\(detail)): send a JSON array of events or NDJSON (one event per line)"
        case .notAnArray:
            "the body is JSON but not an array of event objects"
        }
    }
}

public enum EventBatchDecoder {
    /// Splits a batch into entries and decodes each one on its own, so one bad event never
    /// costs the good ones next to it.
    public static func decode(_ data: Data, format: EventBatchFormat? = nil) throws(EventBatchError) -> [DecodedBatchEntry] {
        switch format ?? EventBatchFormat.sniff(data) {
        case .jsonArray: try decodeArray(data)
        case .ndjson: try decodeLines(data)
        }
    }

    static func decodeArray(_ data: Data) throws(EventBatchError) -> [DecodedBatchEntry] {
        guard LineScanner.hasContent(data) else { throw .empty }
        let read: Result<JSONTextReader.TopLevel, JSONSyntaxError> = data.withUnsafeBytes { bytes in
            Result { () throws(JSONSyntaxError) in try JSONTextReader.readKeepingMembers(bytes) }
        }
        let root: JSONTextReader.TopLevel
        do {
            root = try read.get()
        } catch {
            // An array broken in one place still holds good events: each element is read on
            // its own, as an import file's are, and only the broken ones are refused.
            if EventBatchFormat.sniff(data) == .jsonArray, let entries = decodeElements(of: data) { return entries }
            throw .notJSON(error.description)
        }
        switch root {
        case .object(let members): return [entry(from: members, index: 0, line: nil)]
        case .array(let items): return items.enumerated().map { index, item in entry(from: item, index: index, line: nil) }
        case .other: throw .notAnArray
        }
    }

    static func decodeLines(_ data: Data) throws(EventBatchError) -> [DecodedBatchEntry] {
        let lines = LineScanner.nonBlankLines(in: data)
        let (entries, unreadable, firstProblem) = readEach(
            lines.map { (($0.range.lowerBound - data.startIndex)..<($0.range.upperBound - data.startIndex), $0.number) }, of: data,
            naming: { _, line in "line \(line!)" })
        if entries.isEmpty { throw .empty }
        // A body where no line is JSON is not a batch with bad events but not a batch at all.
        if unreadable == entries.count { throw .notJSON(firstProblem) }
        return entries
    }

    /// A body that opens an array but is not valid JSON as a whole, read element by element;
    /// nil when no element is JSON (not a batch with bad events but not a batch at all).
    static func decodeElements(of data: Data) -> [DecodedBatchEntry]? {
        var array = JSONArrayElements(whole: "body")
        data.withUnsafeBytes { array.scan($0) }
        array.finish()
        let read = readEach(array.take(.max).map { ($0, nil) }, of: data, naming: { index, _ in "event \(index + 1) of the array" })
        guard read.unreadable < read.entries.count else { return nil }
        var entries = read.entries
        for problem in array.problems {
            entries.append(DecodedBatchEntry(index: entries.count, line: nil, id: nil, result: .failure(EventFieldError(field: "", problem: problem))))
        }
        return entries
    }

    /// The elements of a JSON array that `JSONArrayElements` found in `data`, each read on its
    /// own as an NDJSON line is; `numberedFrom` elements came before them in the file.
    /// `problems` (the array not closed, text after it) are refusals after the elements.
    public static func decode(elements: [Range<Int>], of data: Data, numberedFrom before: Int, problems: [String] = []) -> [DecodedBatchEntry] {
        var entries = readEach(elements.map { ($0, nil) }, of: data, naming: { index, _ in "event \(before + index + 1) of the array" }).entries
        for problem in problems {
            entries.append(DecodedBatchEntry(index: entries.count, line: nil, id: nil, result: .failure(EventFieldError(field: "", problem: problem))))
        }
        return entries
    }

    /// Reads each piece of `data` on its own; one that is not JSON is refused by `naming` it.
    private static func readEach(
        _ pieces: [(range: Range<Int>, line: Int?)], of data: Data, naming: (Int, Int?) -> String
    ) -> (entries: [DecodedBatchEntry], unreadable: Int, firstProblem: String) {
        var entries: [DecodedBatchEntry] = []
        var unreadable = 0
        var firstProblem = ""
        entries.reserveCapacity(pieces.count)
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for (range, line) in pieces {
                do throws(JSONSyntaxError) {
                    let item = try JSONTextReader.readKeepingMembers(UnsafeRawBufferPointer(rebasing: bytes[range]))
                    entries.append(entry(from: item, index: entries.count, line: line))
                } catch {
                    unreadable += 1
                    let name = naming(entries.count, line)
                    if firstProblem.isEmpty { firstProblem = "\(name): \(error.description)" }
                    entries.append(
                        DecodedBatchEntry(
                            index: entries.count, line: line, id: nil,
                            result: .failure(EventFieldError(field: "", problem: "\(name) is not valid JSON (\(error.description))"))))
                }
            }
        }
        return (entries, unreadable, firstProblem)
    }

    static func entry(from item: JSONTextReader.TopLevel, index: Int, line: Int?) -> DecodedBatchEntry {
        switch item {
        case .object(let members):
            entry(from: members, index: index, line: line)
        case .array, .other:
            DecodedBatchEntry(
                index: index, line: line, id: nil,
                result: .failure(EventFieldError(field: "", problem: "an event must be a JSON object, got \(FieldReader.describe(item.value))")))
        }
    }

    static func entry(from members: JSONMembers.List, index: Int, line: Int?) -> DecodedBatchEntry {
        var id: String?
        if case .string(let text) = members.last(where: { $0.name == "id" })?.value { id = FieldReader.clip(text) }
        do throws(EventFieldError) {
            let event = try Event(members: members)
            if let outside = EventDateRange.problem(in: event) { throw outside }
            return DecodedBatchEntry(index: index, line: line, id: id, result: .success(event))
        } catch {
            return DecodedBatchEntry(index: index, line: line, id: id, result: .failure(error))
        }
    }
}
