import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer
import PitwallSQLite

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import events from an NDJSON file (or a JSON array).",
        discussion: "Prints the same counts as POST /v1/events. Exits with status 1 if any event was rejected, after storing the rest.")

    @Argument(help: "The file to import; - reads standard input.")
    var file: String

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Events per transaction.")
    var batchSize: Int = 5_000

    func run() async throws {
        let configuration = try storeOptions.loadConfiguration()
        let store = try storeOptions.openStore(configuration: configuration.pitwall)
        let handle: FileHandle
        if file == "-" {
            handle = .standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot open \(file)") }
            handle = opened
        }
        var progress = ProgressLine(label: "imported")
        let clock = SystemClock()
        var report = IngestReport()
        var eventsSoFar = 0
        var linesSoFar = 0
        var reader = LineBatchReader(handle: handle, linesPerBatch: batchSize)
        while let batch = try reader.next() {
            var entries: [DecodedBatchEntry]
            do {
                entries = try EventBatchDecoder.decode(batch.data, format: batch.isJSONArray ? .jsonArray : .ndjson)
            } catch EventBatchError.empty {
                linesSoFar += batch.lineCount
                continue
            } catch {
                throw ValidationError("\(file): \(error.description)")
            }
            for index in entries.indices {
                entries[index].line = entries[index].line.map { $0 + linesSoFar }
            }
            report.absorb(try await store.ingest(entries, at: clock.now()), indexOffset: eventsSoFar)
            eventsSoFar += entries.count
            linesSoFar += batch.lineCount
            progress.update(eventsSoFar)
        }
        progress.update(eventsSoFar, force: true)
        print(report.json)
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }
}

/// Reads a file in pieces of whole lines, so a large import never holds the file in memory.
/// A file that is one JSON array is read whole.
struct LineBatchReader {
    struct Batch {
        var data: Data
        var lineCount: Int
        var isJSONArray: Bool
    }

    let handle: FileHandle
    let linesPerBatch: Int
    private var buffer = Data()
    private var finished = false
    private var sniffed: Bool?

    init(handle: FileHandle, linesPerBatch: Int) {
        self.handle = handle
        self.linesPerBatch = max(1, linesPerBatch)
    }

    mutating func next() throws -> Batch? {
        while !finished {
            if sniffed == nil, LineScanner.hasContent(buffer) {
                sniffed = EventBatchFormat.sniff(buffer) == .jsonArray
            }
            if sniffed == false, let end = LineScanner.endOfLines(linesPerBatch, in: buffer).end {
                let batch = Batch(data: buffer[buffer.startIndex..<end], lineCount: linesPerBatch, isJSONArray: false)
                buffer = buffer[end...]
                return batch
            }
            let chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer.append(chunk) }
        }
        guard !buffer.isEmpty else { return nil }
        let rest = buffer
        buffer = Data()
        let breaks = LineScanner.endOfLines(.max, in: rest).found
        return Batch(data: rest, lineCount: breaks + (rest.last == 0x0A ? 0 : 1), isJSONArray: sniffed ?? false)
    }
}
