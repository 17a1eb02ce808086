import Logging
import PitwallCore
import ServiceLifecycle

/// Tries the held provider callbacks again every minute, for leads and messages that came in
/// by `pitwall import` rather than over HTTP, and gives up on those older than a week.
struct HeldCallbackSweep: Service {
    let sink: ProviderCallbackSink
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let (stored, expired) = try await sink.replayHeld()
                    if stored + expired > 0 {
                        logger.info("held provider callbacks", metadata: ["stored": "\(stored)", "given_up": "\(expired)"])
                    }
                } catch {
                    logger.error("replaying held provider callbacks failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
