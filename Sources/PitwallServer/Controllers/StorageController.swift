import Hummingbird
import PitwallCore

/// `GET /v1/system/storage`: how much disk the database takes, how fast it grows and how long
/// its disk lasts, for whoever runs the server. Admin only: on a group database the bytes are
/// every organisation's.
struct StorageController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("system").add(middleware: RequireScopeMiddleware(required: .admin)).get("storage", use: storage)
    }

    @Sendable func storage(request: Request, context: PitwallRequestContext) async throws -> Response {
        Response.json(try await dependencies.storageOutlook().json(now: dependencies.clock.now()))
    }
}

extension AppDependencies {
    /// The storage outlook as of now, at the pace of the last `StorageOutlook.recentDays`.
    func storageOutlook() async throws -> StorageOutlook {
        StorageOutlook(try await store.storageFootprint(leadsCreatedSince: StorageOutlook.paceStart(now: clock.now())))
    }
}
