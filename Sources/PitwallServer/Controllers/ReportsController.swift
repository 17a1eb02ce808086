import Hummingbird
import PitwallCore

/// `GET /v1/reports/{kind}`: the SOP's daily, weekly or monthly report as JSON, for any period
/// (`date`: a day in it) and store, the same that the schedule sends.
struct ReportsController {
    let dependencies: AppDependencies
    /// Sends a report by hand: no retries, the caller waits for the answer.
    let dispatcher: ReportDispatcher
    let idempotent: IdempotentRequest

    init(dependencies: AppDependencies) {
        self.dependencies = dependencies
        dispatcher = ReportDispatcher(dependencies: dependencies, retryDelays: [])
        idempotent = IdempotentRequest(records: dependencies.idempotency, clock: dependencies.clock)
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("reports").add(middleware: RequireScopeMiddleware(required: .read)).get("{kind}", use: report)
        group.group("reports").add(middleware: RequireScopeMiddleware(required: .manage)).post("{kind}/send", use: send)
    }

    /// `POST /v1/reports/{kind}/send` `{"channel": ..., "date": ..., "store": ...}`: the report
    /// to one channel now. 502 when the channel would not take it, saying what it answered.
    @Sendable func send(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await idempotent.respond(to: request, context: context) { request in
            let body = try await JSONRequestBody.read(request, example: #"{"channel": "bdc-mail", "date": "2026-12-03", "store": "lkt"}"#, required: true)
            let store = try body.text("store", maximumLength: 128).map { StoreID($0) }
            let now = dependencies.clock.now()
            do {
                let asked = try ReportRequest.parse(
                    kind: context.parameters.get("kind"), date: try body.text("date", maximumLength: 32), today: dependencies.configuration.today(store: store, at: now))
                let outcome = try await dispatcher.sendNow(
                    asked.kind, period: asked.period, store: store, channel: try body.text("channel", maximumLength: 128), by: context.accessToken?.name ?? "unknown")
                guard outcome.delivered else {
                    throw APIError(.badGateway, code: "delivery_failed", message: "the report was not delivered: \(outcome.detail)")
                }
                var writer = JSONWriter()
                writer.beginObject()
                writer.member("sent", "\(asked.kind.rawValue) report \(asked.period.lowerBound)...\(asked.period.upperBound)")
                writer.member("attempts", outcome.attempts)
                writer.member("detail", outcome.detail)
                writer.endObject()
                return (.ok, writer.text)
            } catch let error as ParameterError {
                throw APIError.badRequest(error.description, code: "invalid_parameter")
            }
        }
    }

    @Sendable func report(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let store = request.query("store").map { StoreID($0) }
        let asked: ReportRequest
        do {
            asked = try ReportRequest.parse(
                kind: context.parameters.get("kind"), date: request.query("date"), today: dependencies.configuration.today(store: store, at: now))
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_parameter")
        }
        let report = try await dependencies.performanceReport(asked.kind, period: asked.period, store: store, now: now)
        return Response.json(report.json(linkBase: dependencies.configuration.notifications.linkBase))
    }
}
