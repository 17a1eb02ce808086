import Logging
import PitwallCore
import ServiceLifecycle

extension OrganisationRoster {
    /// Runs `body` for each organisation, every `interval`, until the server shuts down
    /// gracefully (which cancels the sleep and ends the loop, no error). A failed round is
    /// logged as `failure` and tried again at the next one: the server keeps serving.
    func repeating(every interval: Duration, logger: Logger, failure: String, _ body: @escaping @Sendable (OrganisationID) async throws -> Void) async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await forEach(body) { organisation, error in
                        logger.error("\(failure)", metadata: ["organisation": "\(organisation)", "error": "\(String(reflecting: error))"])
                    }
                } catch {
                    logger.error("\(failure): the organisations could not be listed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
