import Foundation
import Testing

@testable import PitwallCore

@Suite("Reading a batch")
struct EventBatchDecoderTests {
    let good = #"{"id":"e1","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a"}"#

    @Test("a JSON array decodes each element on its own")
    func array() throws {
        let body = "[\(good), {\"id\":\"e2\",\"type\":\"nope\"}, 42]"
        let entries = try EventBatchDecoder.decode(Data(body.utf8))
        #expect(entries.count == 3)
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

    @Test("an empty array is an empty batch, not an error")
    func emptyArray() throws {
        #expect(try EventBatchDecoder.decode(Data("[]".utf8)).isEmpty)
    }
}
