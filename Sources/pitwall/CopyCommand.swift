import ArgumentParser
import Foundation
import PitwallCore
import PitwallPostgres
import PitwallServer
import PitwallSQLite

/// `pitwall copy`: moves a dealership's SQLite file into an organisation of the group database.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy a SQLite file's events and tokens into an organisation of a PostgreSQL database.",
        discussion: """
            Every event is sent as it was stored, with the time it first arrived, in transactions of --batch-size: \
            the group database folds them into the same leads, KPIs and timelines. Events already there are \
            duplicates, so a copy that was interrupted is finished by running it again, and nothing is doubled. \
            The tokens come along (their secrets keep working), so do the dashboard's signed-in browsers (nobody \
            signs in again) and provider callbacks still waiting for their lead. Escalations and alerts are worked out again by the server; the file's audit log stays in the file.
            """)

    @Option(help: "The SQLite file to copy: sqlite:PATH or PATH.")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
    var to: String

    @Option(help: "The organisation to copy into (created with `pitwall org create`; `default` is created if missing).")
    var org: String = StoreOptions.soleOrganisation

    @Option(help: "The YAML configuration file (the stores' time zones, for the KPI days).")
    var config: String?

    @Option(help: "Events per transaction.")
    var batchSize: Int = 2_000

    var sourcePath: String { from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from }

    func validate() throws {
        guard PostgresDatabase.isAddress(to) else { throw ValidationError("--to: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE") }
        guard FileManager.default.fileExists(atPath: sourcePath) else { throw ValidationError("--from: '\(sourcePath)' does not exist") }
        guard (1...50_000).contains(batchSize) else { throw ValidationError("--batch-size: must be from 1 to 50000") }
    }

    func run() async throws {
        let options = try StoreOptions.parse(["--db", to, "--org", org] + (config.map { ["--config", $0] } ?? []))
        let configuration = try options.loadConfiguration().pitwall
        let source: SQLiteStore
        do {
            source = try SQLiteStore(path: sourcePath, configuration: configuration)
        } catch {
            throw CommandFailure("--from: \(error)")
        }
        let summary = try await options.withStore(configuration: configuration) { [batchSize] target, _ in
            try await Self.copy(from: source, to: target, batchSize: batchSize, now: SystemClock().now())
        }
        print(summary.json)
        if summary.conflicts > 0 || summary.sourceEvents != summary.copied + summary.alreadyThere {
            throw ExitCode(1)
        }
    }

    struct Summary: Sendable {
        var sourceEvents = 0
        var copied = 0
        var alreadyThere = 0
        var conflicts = 0
        var conflictingIDs: [String] = []
        var tokens = 0
        var sessions = 0
        var heldCallbacks = 0
        var coachingSessions = 0
        var changes = 0
        var delays = 0
        var targetEvents = 0

        var json: String {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("events_in_file", sourceEvents)
            writer.member("copied", copied)
            writer.member("already_there", alreadyThere)
            writer.member("conflicts", conflicts)
            if !conflictingIDs.isEmpty {
                writer.key("conflicting_ids")
                writer.beginArray()
                for id in conflictingIDs { writer.string(id) }
                writer.endArray()
            }
            writer.member("tokens", tokens)
            writer.member("sessions", sessions)
            writer.member("held_callbacks", heldCallbacks)
            writer.member("coaching_sessions", coachingSessions)
            writer.member("changes", changes)
            writer.member("reported_delays", delays)
            writer.member("events_in_organisation", targetEvents)
            writer.endObject()
            return writer.text
        }
    }

    static func copy(from source: SQLiteStore, to target: any PitwallStore, batchSize: Int, now: Timestamp) async throws -> Summary {
        var summary = Summary()
        var position: Int64 = 0
        var progress = ProgressLine(label: "copied")
        while true {
            let (stored, last) = try await source.storedEvents(after: position, limit: batchSize)
            guard !stored.isEmpty else { break }
            position = last
            let outcome = try await target.ingest(PreparedBatch(stored.map(\.event), receivedAt: stored.map(\.ingestedAt)), at: stored[0].ingestedAt)
            for (item, disposition) in zip(stored, outcome) {
                switch disposition {
                case .accepted: summary.copied += 1
                case .duplicate: summary.alreadyThere += 1
                case .conflict, .outsideTokenStores:
                    summary.conflicts += 1
                    if summary.conflictingIDs.count < 20 { summary.conflictingIDs.append(item.event.id.rawValue) }
                }
            }
            summary.sourceEvents += stored.count
            progress.update(summary.sourceEvents)
        }
        progress.update(summary.sourceEvents, force: true)
        for token in try await source.accessTokens() where try await target.token(secretHash: token.secretHash) == nil {
            try await target.saveToken(token)
            summary.tokens += 1
        }
        for session in try await source.dashboardSessions(lastingBeyond: now) where try await target.session(idHash: session.idHash) == nil {
            try await target.saveSession(session)
            summary.sessions += 1
        }
        for held in try await source.heldCallbacks(limit: Int.max) {
            try await target.hold(held)
            summary.heldCallbacks += 1
        }
        let coachedThere = Set(try await target.coachingSessions(days: nil, store: nil).map(\.id))
        for session in try await source.coachingSessions(days: nil, store: nil) where !coachedThere.contains(session.id) {
            try await target.recordCoaching(session)
            summary.coachingSessions += 1
        }
        let changedThere = Set(try await target.processChanges(days: nil, store: nil).map(\.id))
        for change in try await source.processChanges(days: nil, store: nil) where !changedThere.contains(change.id) {
            try await target.recordChange(change)
            summary.changes += 1
        }
        let reportedThere = Set(try await target.reportedDelays(days: nil, store: nil).map(\.id))
        for delay in try await source.reportedDelays(days: nil, store: nil) where !reportedThere.contains(delay.id) {
            try await target.recordDelay(delay)
            summary.delays += 1
        }
        summary.targetEvents = try await target.totals().events
        return summary
    }
}
