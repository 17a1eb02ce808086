import Foundation
import Logging
import Hummingbird
import NIOCore
import PitwallCore

/// `POST /v1/events`: takes a JSON array or NDJSON, stores every valid event before answering,
/// and reports each refused one with the field that is wrong.
struct EventsController {
    let store: any EventStore
    let clock: any WallClock
    let maximumBodyBytes: Int
    let alertNudges: AlertNudges
    /// Open dashboards, told when events arrive.
    var live: LiveFeed?
    /// Provider callbacks held for want of their lead, tried again when it may have come.
    var callbacks: ProviderCallbackSink?
    var metrics: ServerMetrics?

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group().add(middleware: RequireScopeMiddleware(required: .ingest))
            .post("events", use: ingest)
    }

    @Sendable func ingest(request: Request, context: PitwallRequestContext) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, code: "too_large",
                message: "the body is larger than the limit of \(maximumBodyBytes) bytes: send the events in smaller batches")
        }
        let entries: [DecodedBatchEntry]
        do {
            entries = try EventBatchDecoder.decode(Data(body.readableBytesView), format: Self.format(of: request))
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_body")
        }
        let started = ContinuousClock.now
        let now = clock.now()
        var report = try await store.ingest(entries, at: now)
        metrics?.recordIngest(IngestTally(report), via: .api, seconds: (ContinuousClock.now - started).seconds, at: now)
        report.warnAboutContacts(in: entries)
        if report.accepted > 0 {
            let events = entries.compactMap { try? $0.result.get() }
            alertNudges.touch(EventTouch(events: events))
            live?.changed()
            do {
                try await callbacks?.replayHeld(after: events)
            } catch {
                // The batch is stored; the held callbacks are tried again by the next batch or sweep.
                context.logger.error("replaying held provider callbacks failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        context.logger.debug(
            "ingested batch", metadata: ["accepted": "\(report.accepted)", "duplicates": "\(report.duplicates)", "rejected": "\(report.rejected.count)"])
        return Response.json(report.json)
    }

    /// The declared layout, if the content type names one; otherwise the decoder looks at the body.
    static func format(of request: Request) -> EventBatchFormat? {
        guard let contentType = request.headers[.contentType]?.lowercased() else { return nil }
        if contentType.contains("ndjson") || contentType.contains("jsonl") || contentType.contains("json-seq") { return .ndjson }
        if contentType.hasPrefix("application/json") { return .jsonArray }
        return nil
    }
}

extension Response {
    /// A JSON answer from already-serialised text.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
