import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer
import PitwallSQLite

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import events (NDJSON or a JSON array) or ADF/XML leads from a file.",
        discussion: """
            Events print the same counts as POST /v1/events; an .xml file is read as ADF leads and \
            prints what POST /v1/leads/adf answers. Exits with status 1 if anything was refused, \
            after storing the rest.
            """)

    @Argument(help: "The file to import; - reads standard input.")
    var file: String

    @Option(help: "ADF only: the store the leads are for, when the document's vendor does not name a configured store.")
    var store: String?

    @Option(help: "CSV only: the YAML file saying which column holds which field (see docs/integrations.md).")
    var mapping: String?

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Events per transaction (fewer hold less in memory: 20,000 about half as much, and import slower).")
    var batchSize: Int = NDJSONImporter.defaultBatchSize

    /// How the report is printed: for a person, or for a script.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case auto, text, json
    }

    @Option(help: "The report after an event or CSV import: text (counts and the first refusals and warnings), json (one line, everything), or auto: text on a terminal, else json.")
    var format: ReportFormat = .auto

    /// The JSON for scripts and pipes; sentences and short lists for a terminal.
    func printReport(json: String, summary: ImportSummary) {
        let asText = format == .text || (format == .auto && isatty(STDOUT_FILENO) == 1)
        print(asText ? summary.text() : json)
    }

    func run() async throws {
        let configuration = try storeOptions.loadConfiguration()
        try await storeOptions.withStore(configuration: configuration.pitwall, writerCache: .bulkImport) { store, organisation in
            try await importFile(into: store, configuration: organisation)
        }
    }

    /// `configuration`: the one in force for the organisation the file goes into.
    func importFile(into store: any PitwallStore, configuration: PitwallConfiguration) async throws {
        if file.lowercased().hasSuffix(".xml") {
            guard let document = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot open \(file)") }
            let intake = ADFLeadIntake(store: store, stores: configuration.stores)
            let report: ADFLeadIntake.Report
            do {
                report = try await intake.ingest(document, store: self.store.map { StoreID($0) }, at: SystemClock().now())
            } catch let error as XMLReadError {
                throw CommandFailure("\(file): \(error.description)")
            }
            print(report.json)
            if !report.rejected.isEmpty { throw ExitCode(1) }
            return
        }
        if file.lowercased().hasSuffix(".csv") {
            try await importCSV(store: store, configuration: configuration)
            return
        }
        let handle: FileHandle
        if file == "-" {
            handle = .standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else { throw CommandFailure("cannot open \(file)") }
            handle = opened
        }
        let report: IngestReport
        do {
            // A file's size gives the import's progress as a share, and the time left.
            let size = file == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
            report = try await NDJSONImporter(store: store, batchSize: batchSize, fileBytes: size).run(handle: handle)
        } catch let error as EventBatchError {
            throw CommandFailure("\(file): \(error.description)")
        }
        printReport(json: report.json, summary: report.summary)
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }
}

extension ImportCommand {
    func importCSV(store: any EventStore, configuration: PitwallConfiguration) async throws {
        guard let mapping else { throw ValidationError("--mapping: a CSV file needs a mapping file naming its columns (see docs/integrations.md)") }
        guard let mappingText = try? String(contentsOfFile: mapping, encoding: .utf8) else { throw CommandFailure("--mapping: cannot read \(mapping)") }
        let parsed: CSVMapping
        do {
            parsed = try CSVMappingFile.parse(mappingText, file: mapping)
        } catch {
            throw CommandFailure(error.description)
        }
        guard let stream = InputStream(fileAtPath: file) else { throw CommandFailure("cannot open \(file)") }
        if let line = try CSVFileImport.firstLineNotUTF8(path: file) {
            throw CommandFailure("\(file): line \(line) is not UTF-8 text; nothing was imported. Save the file as \"CSV UTF-8\" and import it again")
        }
        let report: CSVFileImport.Report
        do {
            report = try await CSVFileImport(store: store, configuration: configuration, mapping: parsed).run(stream: stream, at: SystemClock().now())
        } catch let problem as CSVFileImport.FileProblem {
            throw CommandFailure("\(file): \(problem.description)")
        }
        printReport(json: report.json, summary: report.summary)
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }
}

/// Imports a file batch by batch: while one batch is being stored, the next is worked out
/// (by a store that can) and the one after it decoded.
struct NDJSONImporter {
    let store: any EventStore
    let batchSize: Int
    /// The file's size when known (not for standard input), for the time left.
    var fileBytes: Int? = nil
    var clock: any WallClock = SystemClock()
    /// Each transaction rewrites the lead rows and rollup cells its events touch, once however
    /// many of its events touch them: the larger, the fewer rewrites. A 20-store year (10.66 M
    /// events) took 198 s at 100,000 (853 MB at most), 254 s at 50,000 (698 MB) and 275 s at
    /// 20,000 (462 MB); 200,000 was slower again on its first 2 M events, with 1.1 GB.
    static let defaultBatchSize = 100_000
    /// Contact warnings listed in the report; the rest are counted (as a CSV import does).
    static let warningsListed = 1_000

    /// A batch decoded, with its line and index numbers made positions in the whole file.
    static func decode(_ batch: LineBatchReader.Batch?, linesBefore: Int, eventsBefore: Int) throws -> DecodedBatch? {
        guard let batch else { return nil }
        if let elements = batch.elements {
            var entries = EventBatchDecoder.decode(elements: elements, of: batch.data, numberedFrom: eventsBefore, problems: batch.problems)
            for index in entries.indices { entries[index].index += eventsBefore }
            return DecodedBatch(entries)
        }
        // A piece with only blank lines is an empty batch here, not an error.
        guard LineScanner.hasContent(batch.data) else { return DecodedBatch([]) }
        var entries = try EventBatchDecoder.decode(batch.data, format: .ndjson)
        for index in entries.indices {
            entries[index].line = entries[index].line.map { $0 + linesBefore }
            entries[index].index += eventsBefore
        }
        return DecodedBatch(entries)
    }

    func run(handle: FileHandle) async throws -> IngestReport {
        var reader = LineBatchReader(handle: handle, linesPerBatch: batchSize)
        var progress = ProgressLine(label: "imported")
        var report = IngestReport()
        var linesSoFar = 0
        var eventsSoFar = 0
        var bytesStored = 0
        var eventsStored = 0
        /// The next batch, being decoded while earlier ones are stored.
        func decodeNext() throws -> Task<(DecodedBatch, bytes: Int)?, any Error> {
            guard let raw = try reader.next() else { return Task { nil } }
            let (lines, events) = (linesSoFar, eventsSoFar)
            linesSoFar += raw.lineCount
            return Task {
                guard let batch = try Self.decode(raw, linesBefore: lines, eventsBefore: events) else { return nil }
                return (batch, raw.data.count)
            }
        }
        var decoding = try decodeNext()
        var sizes: [Int] = []
        try await store.ingestInOrder(
            next: {
                guard let (batch, bytes) = try await decoding.value else { return nil }
                eventsSoFar += batch.count
                sizes.append(bytes)
                decoding = try decodeNext()
                return batch
            },
            clock: clock,
            stored: { batch, batchReport in
                report.absorb(batchReport, indexOffset: 0)
                report.warnAboutContacts(in: batch, listingAtMost: Self.warningsListed)
                eventsStored += batch.count
                bytesStored += sizes.removeFirst()
                progress.update(eventsStored, bytes: fileBytes.map { (bytesStored, $0) })
            })
        progress.update(eventsStored, bytes: fileBytes.map { (bytesStored, $0) }, force: true)
        return report
    }
}

/// Reads a file in pieces of whole lines, so a large import never holds the file in memory;
/// a file that is one JSON array, in pieces of whole elements.
struct LineBatchReader {
    struct Batch: Sendable {
        var data: Data
        var lineCount: Int
        /// For a JSON array: its elements in `data`, and what is wrong with the array as a
        /// whole (said with the last batch).
        var elements: [Range<Int>]?
        var problems: [String] = []
    }

    let handle: FileHandle
    let linesPerBatch: Int
    private var buffer = Data()
    private var finished = false
    private var sniffed: Bool?
    private var array = JSONArrayElements()

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
                return Batch(data: cut(at: end), lineCount: linesPerBatch)
            }
            if sniffed == true {
                buffer.withUnsafeBytes { array.scan($0) }
                if array.found.count >= linesPerBatch {
                    let elements = array.take(linesPerBatch)
                    let end = elements.last!.upperBound
                    array.drop(end)
                    return Batch(data: cut(at: end), lineCount: 0, elements: elements)
                }
            }
            let chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer.append(chunk) }
        }
        if sniffed == true {
            buffer.withUnsafeBytes { array.scan($0) }
            array.finish()
            guard !array.found.isEmpty || !array.problems.isEmpty else { return nil }
            let batch = Batch(data: buffer, lineCount: 0, elements: array.take(.max), problems: array.problems)
            array = JSONArrayElements()
            buffer = Data()
            return batch
        }
        guard !buffer.isEmpty else { return nil }
        let rest = buffer
        buffer = Data()
        let breaks = LineScanner.endOfLines(.max, in: rest).found
        return Batch(data: rest, lineCount: breaks + (rest.last == 0x0A ? 0 : 1))
    }

    /// Hands out the buffer's first `end` bytes and keeps the rest.
    private mutating func cut(at end: Int) -> Data {
        let piece = buffer[buffer.startIndex..<end]
        // A copy of the rest, not a slice: a slice keeps the storage it came from, and
        // appending to it when the batch is gone grows that storage, which held the whole
        // file read so far (a year's import reached 3 GB).
        buffer = Data(buffer[end...])
        return piece
    }
}
