import Foundation
import Hummingbird
import Logging
import NIOCore
import PitwallCore

/// `POST /v1/leads/adf`: one ADF/XML document (the automotive lead format), a lead per
/// prospect. The store comes from `?store=` or the document's vendor.
struct ADFLeadsController {
    let intake: ADFLeadIntake
    let clock: any WallClock
    let maximumBodyBytes: Int
    let alertNudges: AlertNudges
    let live: LiveFeed
    let callbacks: ProviderCallbackSink
    var metrics: ServerMetrics?

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("leads").add(middleware: RequireScopeMiddleware(required: .ingest))
            .post("adf", use: ingest)
    }

    @Sendable func ingest(request: Request, context: PitwallRequestContext) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "too_large", message: "the body is larger than the limit of \(maximumBodyBytes) bytes: send fewer prospects per document")
        }
        let data = Data(body.readableBytesView)
        guard data.contains(where: { !$0.isWhitespace }) else {
            throw APIError.badRequest("the body is empty: send an ADF document (<adf><prospect>...</prospect></adf>)", code: "invalid_body")
        }
        if let type = request.headers[.contentType]?.lowercased(), type.contains("json") {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "this endpoint takes ADF/XML (application/xml); JSON events go to POST /v1/events")
        }
        var override: StoreID?
        if let named = request.uri.queryParameters.get("store") {
            guard !named.isEmpty, named.count <= 128 else { throw APIError.badRequest("store: give a store id of 1 to 128 characters", code: "invalid_parameter") }
            override = StoreID(named)
        }
        let report: ADFLeadIntake.Report
        let started = ContinuousClock.now
        let now = clock.now()
        do {
            report = try await intake.ingest(data, store: override, at: now)
        } catch let error as XMLReadError {
            throw APIError.badRequest("ADF document: \(error.description)", code: "invalid_body")
        }
        metrics?.recordIngest(
            IngestTally(report.leads.map(\.disposition), invalid: report.rejected.count), via: .adf, seconds: (ContinuousClock.now - started).seconds, at: now)
        if report.accepted > 0 {
            alertNudges.touch(EventTouch(events: report.events))
            live.changed()
            // A text from the customer may have come before their lead did.
            do {
                try await callbacks.replayHeld(after: report.events)
            } catch {
                context.logger.error("replaying held provider callbacks failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        return Response.json(report.json)
    }
}

extension UInt8 {
    var isWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
