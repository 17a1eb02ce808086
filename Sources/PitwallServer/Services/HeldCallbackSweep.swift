import Logging
import PitwallCore
import ServiceLifecycle

/// Tries the held provider callbacks again every minute, for leads and messages that came in
/// by `pitwall import` rather than over HTTP, and gives up on those older than a week.
struct HeldCallbackSweep: Service {
    let sink: ProviderCallbackSink
    let interval: Duration
    let organisations: OrganisationRoster
    let logger: Logger

    func run() async throws {
        await organisations.repeating(every: interval, logger: logger, failure: "replaying held provider callbacks failed") { [sink, logger] organisation in
            let (stored, expired) = try await sink.replayHeld()
            if stored + expired > 0 {
                logger.info("held provider callbacks", metadata: ["organisation": "\(organisation)", "stored": "\(stored)", "given_up": "\(expired)"])
            }
        }
    }
}
