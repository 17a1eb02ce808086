import Logging
import PitwallCore
import ServiceLifecycle

/// Notes the database's size once a day: each round notes it when today's (UTC) is missing,
/// so a server started at any hour notes the day within one `interval`. The storage outlook
/// measures growth from these once three weeks of them are noted. On a group database each
/// organisation notes the whole database's size for its own outlook.
struct StorageSizeNotes: Service {
    let store: any EventStore
    let clock: any WallClock
    let interval: Duration
    let organisations: OrganisationRoster
    let logger: Logger

    func run() async throws {
        await organisations.repeating(every: interval, logger: logger, failure: "noting the database's size failed") { [store, clock, logger] _ in
            let now = clock.now()
            if try await store.noteStorageSize(at: now) {
                logger.info("database size noted", metadata: ["day": "\(StorageSize.day(of: now))"])
            }
        }
    }
}
