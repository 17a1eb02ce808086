/// One refused entry of a batch.
public struct IngestRejection: Hashable, Sendable {
    public var index: Int
    public var line: Int?
    public var id: String?
    public var error: String
    public var reason: Reason

    /// Why, in one word a counter can carry: the sender's fix differs (mend the field, give a
    /// new event a new id, use a token for that store).
    public enum Reason: String, CaseIterable, Hashable, Sendable {
        /// The entry does not read as an event (a field missing or wrong).
        case invalid
        /// Its id was stored before with other content.
        case conflict
        /// About a store the sender's token does not cover.
        case outsideTokenStores = "outside_token_stores"
    }

    public init(index: Int, line: Int? = nil, id: String? = nil, error: String, reason: Reason = .invalid) {
        self.index = index
        self.line = line
        self.id = id
        self.error = error
        self.reason = reason
    }
}

/// Something kept as sent that looks wrong (a lead's phone that cannot take texts).
public struct IngestWarning: Hashable, Sendable {
    public var index: Int
    public var line: Int?
    public var id: String
    public var warning: String
}

/// The answer to a batch: how many events were new, how many were repeats, and each refusal.
public struct IngestReport: Hashable, Sendable {
    public var accepted: Int = 0
    public var duplicates: Int = 0
    public var rejected: [IngestRejection] = []
    /// Contact problems of the leads in the batch; written only when there are some.
    public var warnings: [IngestWarning] = []
    /// Contact problems found but not listed: a file import lists the first ones only, so a
    /// year of history with a bad lead source does not print a million lines.
    public var warningsNotListed = 0

    public init(accepted: Int = 0, duplicates: Int = 0, rejected: [IngestRejection] = []) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
    }

    /// Adds a later batch's counts; its indexes are shifted by `indexOffset` so they stay
    /// positions in the whole input.
    public mutating func absorb(_ other: IngestReport, indexOffset: Int) {
        accepted += other.accepted
        duplicates += other.duplicates
        rejected += other.rejected.map { rejection in
            var shifted = rejection
            shifted.index += indexOffset
            return shifted
        }
    }

    /// How many entries were refused for `reason`.
    public func refused(for reason: IngestRejection.Reason) -> Int {
        rejected.count { $0.reason == reason }
    }

    /// `{"accepted": N, "duplicates": N, "rejected": [{"index", "line"?, "id"?, "error"}]}`
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("accepted", accepted)
        writer.member("duplicates", duplicates)
        writer.key("rejected")
        writer.beginArray()
        for rejection in rejected {
            Self.writeEntry(index: rejection.index, line: rejection.line, id: rejection.id, saying: "error", rejection.error, to: &writer)
        }
        writer.endArray()
        if !warnings.isEmpty {
            writer.key("warnings")
            writer.beginArray()
            for warning in warnings {
                Self.writeEntry(index: warning.index, line: warning.line, id: warning.id, saying: "warning", warning.warning, to: &writer)
            }
            writer.endArray()
            if warningsNotListed > 0 { writer.member("warnings_not_listed", warningsNotListed) }
        }
        writer.endObject()
        return writer.text
    }

    /// `{"index", "line"?, "id"?, "<textKey>"}`: one refused or questionable entry of a batch.
    static func writeEntry(index: Int, line: Int?, id: String?, saying textKey: String, _ text: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("index", index)
        if let line { writer.member("line", line) }
        writer.member("id", id)
        writer.member(textKey, text)
        writer.endObject()
    }

    /// Notes each lead whose phone or e-mail would fail the door checks; the lead is stored as
    /// sent. Past `limit` listed warnings the rest are only counted.
    public mutating func warnAboutContacts(in entries: [DecodedBatchEntry], listingAtMost limit: Int = .max) {
        for entry in entries {
            guard case .success(let event) = entry.result, case .leadCreated(let lead) = event.payload, let contact = lead.contact else { continue }
            for problem in contact.checkedAtTheDoor().warnings {
                guard warnings.count < limit else {
                    warningsNotListed += 1
                    continue
                }
                warnings.append(IngestWarning(index: entry.index, line: entry.line, id: event.id.rawValue, warning: "contact.\(problem)"))
            }
        }
    }

    /// The same for the events of a decoded batch.
    public mutating func warnAboutContacts(in batch: DecodedBatch, listingAtMost limit: Int = .max) {
        warnAboutContacts(in: batch.positions, listingAtMost: limit)
    }
}

/// A decoded batch split into the events to store (prepared) and the entries refused already.
public struct DecodedBatch: Sendable {
    public let prepared: PreparedBatch
    let positions: [DecodedBatchEntry]
    let refused: [IngestRejection]

    public init(_ entries: [DecodedBatchEntry]) {
        var events: [Event] = []
        var positions: [DecodedBatchEntry] = []
        var refused: [IngestRejection] = []
        events.reserveCapacity(entries.count)
        for entry in entries {
            switch entry.result {
            case .success(let event):
                events.append(event)
                positions.append(entry)
            case .failure(let problem):
                refused.append(IngestRejection(index: entry.index, line: entry.line, id: entry.id, error: problem.description))
            }
        }
        self.prepared = PreparedBatch(events)
        self.positions = positions
        self.refused = refused
    }

    /// Events already read and checked (a replay, a test), numbered from 0.
    public init(events: [Event]) {
        self.init(events.enumerated().map { DecodedBatchEntry(index: $0.offset, id: $0.element.id.rawValue, result: .success($0.element)) })
    }

    public var count: Int { positions.count + refused.count }
}

extension EventStore {
    /// Stores the valid entries of a decoded batch and reports on every entry.
    public func ingest(_ entries: [DecodedBatchEntry], at ingestedAt: Timestamp) async throws -> IngestReport {
        try await ingest(DecodedBatch(entries), at: ingestedAt)
    }

    public func ingest(_ batch: DecodedBatch, at ingestedAt: Timestamp) async throws -> IngestReport {
        IngestReport(batch, dispositions: try await ingest(batch.prepared, at: ingestedAt))
    }

    /// One batch after another, each stored before the next is asked for.
    public func ingestInOrder(
        next: () async throws -> DecodedBatch?, clock: any WallClock, stored: (DecodedBatch, IngestReport) async throws -> Void
    ) async throws {
        while let batch = try await next() {
            try await stored(batch, try await ingest(batch, at: clock.now()))
        }
    }
}

extension IngestReport {
    /// The report on a decoded batch, from what the store did with each of its valid events.
    public init(_ batch: DecodedBatch, dispositions: [IngestDisposition]) {
        var report = IngestReport(rejected: batch.refused)
        for ((entry, event), disposition) in zip(zip(batch.positions, batch.prepared.events), dispositions) {
            switch disposition {
            case .accepted: report.accepted += 1
            case .duplicate: report.duplicates += 1
            case .conflict:
                report.rejected.append(
                    IngestRejection(
                        index: entry.index, line: entry.line, id: entry.id,
                        error: "id: already used by a different event; the first version is kept (give a new event a new id)", reason: .conflict))
            case .outsideTokenStores:
                report.rejected.append(
                    IngestRejection(
                        index: entry.index, line: entry.line, id: entry.id, error: StoreWriteLimit.refusal(of: event), reason: .outsideTokenStores))
            }
        }
        report.rejected.sort { $0.index < $1.index }
        self = report
    }
}
