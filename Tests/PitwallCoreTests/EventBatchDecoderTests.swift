import Foundation
import Testing

@testable import PitwallCore

@Suite("Reading a batch")
struct EventBatchDecoderTests {
    let good = #"{"id":"e1","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a"}"#

    @Test("a JSON array decodes each element on its own")
    func array() throws {
        let body = "[\(good), {\"id\":\"e2\",\"type\":\"nope\"}, 42, [\(good)], \(good.replacingOccurrences(of: "e1", with: "e5"))]"
        let entries = try EventBatchDecoder.decode(Data(body.utf8))
        #expect(entries.map(\.index) == [0, 1, 2, 3, 4])
        #expect(entries.map(\.line) == [nil, nil, nil, nil, nil])
        if case .failure(let error) = entries[3].result { #expect(error.problem.contains("must be a JSON object, got an array")) } else { Issue.record("should fail") }
        #expect((try? entries[4].result.get())?.id == "e5")
        #expect((try? entries[0].result.get())?.id == "e1")
        #expect(entries[1].id == "e2")
        if case .failure(let error) = entries[1].result { #expect(error.field == "type") } else { Issue.record("should fail") }
        if case .failure(let error) = entries[2].result { #expect(error.problem.contains("must be a JSON object")) } else { Issue.record("should fail") }
    }

    @Test("NDJSON keeps line numbers, skips blank lines and survives a garbled line")
    func ndjson() throws {
        let body = "\(good)\n\n{not json\r\n\(good.replacingOccurrences(of: "e1", with: "e3"))\n"
        let entries = try EventBatchDecoder.decode(Data(body.utf8), format: .ndjson)
        #expect(entries.map(\.index) == [0, 1, 2])
        #expect(entries.map(\.line) == [1, 3, 4])
        if case .failure(let error) = entries[1].result { #expect(error.description.hasPrefix("line 3 is not valid JSON")) } else { Issue.record("should fail") }
        #expect((try? entries[2].result.get())?.id == "e3")
    }

    @Test("lines are found whatever ends them: blank and space-only lines are skipped but counted, a last line needs no break")
    func lineScanning() {
        let text = "a\n\n  \t\r\n b \r\n\nlast"
        let data = Data(text.utf8)
        let lines = LineScanner.nonBlankLines(in: data)
        #expect(lines.map(\.number) == [1, 4, 6])
        #expect(lines.map { String(decoding: data[$0.range], as: UTF8.self) } == ["a", " b \r", "last"])
        #expect(LineScanner.nonBlankLines(in: Data("\n \n".utf8)).isEmpty)
        #expect(LineScanner.nonBlankLines(in: Data()).isEmpty)
        // A piece of a larger buffer keeps the buffer's indices.
        let piece = Data("xx\nyy\nzz".utf8).dropFirst(3)
        #expect(LineScanner.nonBlankLines(in: piece).map(\.range) == [3..<5, 6..<8])
        #expect(LineScanner.endOfLines(2, in: data).end == 3)
        #expect(LineScanner.endOfLines(1, in: piece).end == 6 && LineScanner.endOfLines(2, in: piece).end == nil && LineScanner.endOfLines(2, in: piece).found == 1)
        #expect(LineScanner.endOfLines(9, in: data).end == nil && LineScanner.endOfLines(9, in: data).found == 5)
    }

    @Test("a name given twice counts with its last value, in an NDJSON line as in an array; unknown names are kept once")
    func repeatedNames() throws {
        let line = #"{"id":"e1","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a","agent_id":"b","x":1,"x":2}"#
        let fromLine = try #require(try EventBatchDecoder.decode(Data(line.utf8), format: .ndjson).first?.result.get())
        let fromArray = try #require(try EventBatchDecoder.decode(Data("[\(line)]".utf8)).first?.result.get())
        #expect(fromLine == fromArray)
        #expect(fromLine.payload == .leadAssigned(agent: "b"))
        #expect(fromLine.extras == ["x": .number(2)])
        let refused = #"{"id":"e1","id":7,"type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a"}"#
        let entry = try #require(try EventBatchDecoder.decode(Data(refused.utf8), format: .ndjson).first)
        #expect(entry.id == nil)
        if case .failure(let error) = entry.result { #expect(error.field == "id") } else { Issue.record("a number id should be refused") }
    }

    @Test("a placeholder date (0001, 1970, 9999) is refused naming its field; the good lines beside it are kept")
    func placeholderDates() throws {
        let lines = [
            #"{"id":"e1","type":"lead.created","occurred_at":"0001-01-01T00:00:00Z","lead_id":"L1","store_id":"s","source":"web"}"#,
            #"{"id":"e2","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L2","store_id":"s","source":"web","submitted_at":"1970-01-01T00:00:00Z"}"#,
            #"{"id":"e3","type":"appointment.set","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L2","appointment_id":"a1","scheduled_for":"9999-12-31T23:59:59Z"}"#,
            good,
            #"{"id":"e5","type":"lead.created","occurred_at":"2000-01-01T00:00:00Z","lead_id":"L5","store_id":"s","source":"web","submitted_at":"2099-12-31T23:59:59.999Z"}"#,
        ]
        let entries = try EventBatchDecoder.decode(Data(lines.joined(separator: "\n").utf8), format: .ndjson)
        let refusals = entries.compactMap { entry -> String? in
            if case .failure(let error) = entry.result { return "\(entry.line!) \(entry.id ?? "-") \(error.description)" }
            return nil
        }
        #expect(refusals == [
            "1 e1 occurred_at: 0001-01-01T00:00:00.000Z is outside the years 2000 to 2099 that Pitwall keeps events for (a placeholder date from the sender?)",
            "2 e2 submitted_at: 1970-01-01T00:00:00.000Z is outside the years 2000 to 2099 that Pitwall keeps events for (a placeholder date from the sender?)",
            "3 e3 scheduled_for: 9999-12-31T23:59:59.000Z is outside the years 2000 to 2099 that Pitwall keeps events for (a placeholder date from the sender?)",
        ])
        #expect(entries.filter { (try? $0.result.get()) != nil }.map(\.line) == [4, 5], "the first and last instants of the range are in it")
        // What a store already holds reads back whatever its dates.
        let stored = Event(
            id: "old", occurredAt: Timestamp(millisecondsSinceEpoch: 0), leadID: "L",
            payload: .leadCreated(LeadCreated(storeID: "s", source: "web")))
        #expect(try Event(storedJSON: stored.canonicalJSON) == stored)
    }

    @Test("a line that is not JSON says what is wrong and where (docs/events.md)")
    func notJSONLine() throws {
        let body = "\(good)\n\(good)\n{\"id\":\"e1\",\"lead_id\" \"L\"}\n"
        let entries = try EventBatchDecoder.decode(Data(body.utf8), format: .ndjson)
        #expect(entries.count == 3)
        guard case .failure(let error) = entries[2].result else {
            Issue.record("line 3 should be refused")
            return
        }
        #expect(error.description == #"line 3 is not valid JSON (expected ':' after the name "lead_id", found '"' at character 22)"#)
    }

    @Test("a single object is a batch of one")
    func single() throws {
        #expect(try EventBatchDecoder.decode(Data(good.utf8), format: .jsonArray).count == 1)
    }

    @Test("a body that is not JSON at all is refused as a whole", arguments: ["hello world", "<xml/>", "{\"a\":", "\n\n"])
    func notJSON(body: String) {
        #expect(throws: EventBatchError.self) { try EventBatchDecoder.decode(Data(body.utf8)) }
        #expect(throws: EventBatchError.self) { try EventBatchDecoder.decode(Data(body.utf8), format: .jsonArray) }
    }

    @Test("an array broken in one element keeps the others, and refuses the broken one by its number")
    func brokenElement() throws {
        let e3 = good.replacingOccurrences(of: "e1", with: "e3")
        let broken = #"{"id":"e2","type":"lead.assigned" "occurred_at":"2026-03-02T10:00:00Z"}"#
        let entries = try EventBatchDecoder.decode(Data("[\(good),\n \(broken),\n \(e3)]".utf8), format: .jsonArray)
        #expect(entries.compactMap { try? $0.result.get().id.rawValue } == ["e1", "e3"])
        #expect(entries.map(\.index) == [0, 1, 2])
        guard case .failure(let error) = entries[1].result else { Issue.record("should fail"); return }
        #expect(error.description.hasPrefix("event 2 of the array is not valid JSON (expected ',' or '}'"), "\(error)")
    }

    @Test("a body cut short keeps its whole events and says it was cut; text after the array is named, not read")
    func cutShort() throws {
        let e3 = good.replacingOccurrences(of: "e1", with: "e3")
        let cut = try EventBatchDecoder.decode(Data("[\(good),\(e3),{\"id\":\"e4\",\"ty".utf8))
        #expect(cut.compactMap { try? $0.result.get().id.rawValue } == ["e1", "e3"])
        #expect(cut.count == 4)
        #expect(cut[2].result.failureDescription?.hasPrefix("event 3 of the array is not valid JSON") == true)
        #expect(cut[3].result.failureDescription == "the body ends before the array's closing ']': it may have been cut short, so check that every event arrived")
        let trailing = try EventBatchDecoder.decode(Data("[\(good)] and more".utf8))
        #expect(trailing.count == 2 && (try? trailing[0].result.get())?.id == "e1")
        #expect(trailing[1].result.failureDescription?.hasPrefix("the body goes on after the array's closing ']' (at byte") == true)
        #expect(throws: EventBatchError.self, "no element is JSON: not a batch at all") { try EventBatchDecoder.decode(Data("[nothing, here]".utf8)) }
    }

    @Test("an empty array is an empty batch, not an error")
    func emptyArray() throws {
        #expect(try EventBatchDecoder.decode(Data("[]".utf8)).isEmpty)
    }
}

extension Result where Failure == EventFieldError {
    var failureDescription: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}
