/// An import's report as a person at a terminal reads it: the counts in one sentence, then the
/// refused entries and the warnings, each list cut after a few lines. Scripts get the JSON.
public struct ImportSummary: Sendable {
    /// One refused or questionable entry: where it is ("line 12", "row 7") and what is wrong.
    public struct Entry: Sendable {
        public var position: String
        public var text: String

        public init(position: String, text: String) {
            self.position = position
            self.text = text
        }
    }

    /// What was read: "events", "rows".
    public var unit: String
    /// What was stored, when not what was read (a CSV row makes one or two events).
    public var storedUnit: String?
    public var read: Int
    public var stored: Int
    public var duplicates: Int
    public var refused: [Entry]
    public var warnings: [Entry]
    /// Warnings counted beyond those listed in `warnings`.
    public var warningsNotListed: Int

    public init(
        unit: String, storedUnit: String? = nil, read: Int, stored: Int, duplicates: Int, refused: [Entry], warnings: [Entry], warningsNotListed: Int = 0
    ) {
        self.unit = unit
        self.storedUnit = storedUnit
        self.read = read
        self.stored = stored
        self.duplicates = duplicates
        self.refused = refused
        self.warnings = warnings
        self.warningsNotListed = warningsNotListed
    }

    /// "1,000 events read: 997 stored, 1 already stored before, 2 refused." and the lists.
    public func text(listing limit: Int = 10) -> String {
        func count(_ number: Int) -> String { KPIFormatting.grouped(Int64(number)) }
        // "1 row", "2 rows": units are given in the plural.
        func count(_ number: Int, _ plural: String?) -> String {
            guard let plural else { return count(number) }
            return "\(count(number)) \(number == 1 ? String(plural.dropLast()) : plural)"
        }
        var counts = ["\(count(stored, storedUnit)) stored"]
        if duplicates > 0 { counts.append("\(count(duplicates, storedUnit)) already stored before") }
        counts.append(refused.isEmpty ? "none refused" : "\(count(refused.count, storedUnit == nil ? nil : unit)) refused")
        var lines = ["\(count(read, unit)) read: \(counts.joined(separator: ", "))."]
        if !refused.isEmpty {
            lines.append("Refused (left out; everything else was stored):")
            lines += Self.listed(refused, limit: limit, more: refused.count - limit, wholeList: "--format json lists them all")
        }
        let warningCount = warnings.count + warningsNotListed
        if warningCount > 0 {
            lines.append("Stored, with a warning (\(count(warningCount))):")
            let wholeList = warningsNotListed > 0 ? "--format json lists the first \(count(warnings.count))" : "--format json lists them all"
            lines += Self.listed(warnings, limit: limit, more: warningCount - limit, wholeList: wholeList)
        }
        return lines.joined(separator: "\n")
    }

    static func listed(_ entries: [Entry], limit: Int, more: Int, wholeList: String) -> [String] {
        var lines = entries.prefix(limit).map { "  \($0.position): \($0.text)" }
        if more > 0 { lines.append("  ... and \(KPIFormatting.grouped(Int64(more))) more; \(wholeList).") }
        return lines
    }
}

extension IngestReport {
    /// This report for a person: positions by line where known, else by entry number.
    public var summary: ImportSummary {
        func position(index: Int, line: Int?, id: String?) -> String {
            (line.map { "line \($0)" } ?? "entry \(index + 1)") + (id.map { " (id \($0))" } ?? "")
        }
        return ImportSummary(
            unit: "events", read: accepted + duplicates + rejected.count, stored: accepted, duplicates: duplicates,
            refused: rejected.map { ImportSummary.Entry(position: position(index: $0.index, line: $0.line, id: $0.id), text: $0.error) },
            warnings: warnings.map { ImportSummary.Entry(position: position(index: $0.index, line: $0.line, id: $0.id), text: $0.warning) },
            warningsNotListed: warningsNotListed)
    }
}
