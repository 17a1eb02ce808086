import Logging
import PitwallCore
import ServiceLifecycle

/// Sends the SOP's scheduled reports while the server runs: looks every minute for a report
/// that is due, in each organisation, and stops with the server.
struct ReportService: Service {
    let dispatcher: ReportDispatcher
    let interval: Duration
    let organisations: OrganisationRoster
    let logger: Logger

    func run() async throws {
        await organisations.repeating(every: interval, logger: logger, failure: "scheduled reports failed") { [dispatcher, logger] organisation in
            for dispatch in try await dispatcher.sendDue() {
                let metadata: Logger.Metadata = [
                    "organisation": "\(organisation)", "report": "\(dispatch.kind.rawValue)", "date": "\(dispatch.date)",
                    "store": "\(dispatch.store?.rawValue ?? "all")", "channel": "\(dispatch.channel)",
                ]
                if dispatch.delivered { logger.notice("report sent", metadata: metadata) } else { logger.error("report not delivered", metadata: metadata) }
            }
        }
    }
}
