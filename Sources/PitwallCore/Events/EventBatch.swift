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
            throw .notJSON(error.description)
        }
        switch root {
        case .object(let members): return [entry(from: members, index: 0, line: nil)]
        case .array(let items): return items.enumerated().map { index, item in entry(from: item, index: index, line: nil) }
        case .other: throw .notAnArray
        }
    }

    static func decodeLines(_ data: Data) throws(EventBatchError) -> [DecodedBatchEntry] {
        var entries: [DecodedBatchEntry] = []
        var unreadable = 0
        var firstProblem = ""
        let lines = LineScanner.nonBlankLines(in: data)
        entries.reserveCapacity(lines.count)
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for (range, lineNumber) in lines {
                let offsets = (range.lowerBound - data.startIndex)..<(range.upperBound - data.startIndex)
                do throws(JSONSyntaxError) {
                    let item = try JSONTextReader.readKeepingMembers(UnsafeRawBufferPointer(rebasing: bytes[offsets]))
                    entries.append(entry(from: item, index: entries.count, line: lineNumber))
                } catch {
                    unreadable += 1
                    if firstProblem.isEmpty { firstProblem = "line \(lineNumber): \(error.description)" }
                    entries.append(
                        DecodedBatchEntry(
                            index: entries.count, line: lineNumber, id: nil,
                            result: .failure(EventFieldError(field: "", problem: "line \(lineNumber) is not valid JSON (\(error.description))"))))
                }
            }
        }
        if entries.isEmpty { throw .empty }
        // A body where no line is JSON is not a batch with bad events but not a batch at all.
        if unreadable == entries.count { throw .notJSON(firstProblem) }
        return entries
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
