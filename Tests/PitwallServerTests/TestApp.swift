import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PitwallCore
import PitwallPostgres
import PitwallServer
import PitwallSimulator
import PitwallSQLite
import PitwallTestSupport

/// A server over a real SQLite file in a temporary folder (or, with
/// `PITWALL_TEST_BACKEND=postgres`, a new organisation in the PostgreSQL test database), on
/// 127.0.0.1 with a free port, with one token per scope.
struct TestApp {
    let folder: TemporaryDirectory
    let store: any PitwallStore
    /// Whose data the store holds: `default`, or the test's own organisation on PostgreSQL.
    let organisation: OrganisationID
    let clock: ManualClock
    var settings: ServerSettings
    let tokens: [AccessScope: String]
    var configuration = PitwallConfiguration()
    /// One registry for the app's whole life, so what a test records directly shows at /metrics.
    let metrics = ServerMetrics()
    /// The server's live feed, so a test can send open pages a heartbeat of its own.
    let live = LiveFeed()
    /// How memory freed by large requests is given back (by default, not at all).
    var freedMemory = FreedMemoryReturn.none

    static func make(
        maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes, configuration: PitwallConfiguration = PitwallConfiguration()
    ) async throws -> TestApp {
        let folder = try TemporaryDirectory()
        // The store needs the stores' time zones too: rollups count each store's local days.
        let store: any PitwallStore
        var organisation = TenantScope.soleOrganisation
        if ProcessInfo.processInfo.environment["PITWALL_TEST_BACKEND"] == "postgres" {
            organisation = OrganisationID("api-\(UUID().uuidString.lowercased())")
            store = try await PostgresStore.open(
                try await TestPostgres.database(), organisation: organisation, configuration: configuration,
                registeringAt: Timestamp(millisecondsSinceEpoch: 0))
        } else {
            store = try SQLiteStore(path: folder.file("pitwall.sqlite"), configuration: configuration)
        }
        let clock = ManualClock()
        let issuer = TokenIssuer(store: store, clock: clock)
        var tokens: [AccessScope: String] = [:]
        for scope in AccessScope.allCases {
            tokens[scope] = try await issuer.issue(scope: scope, name: "\(scope.rawValue)-token")
        }
        var settings = ServerSettings(host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes)
        settings.escalationCheckInterval = nil
        settings.alertCheckInterval = nil
        settings.runsProbes = false
        settings.heldCallbackInterval = nil
        settings.reportCheckInterval = nil
        settings.storageSizeInterval = nil
        return TestApp(
            folder: folder, store: store, organisation: organisation, clock: clock, settings: settings, tokens: tokens, configuration: configuration)
    }

    var router: Router<PitwallRequestContext> {
        buildRouter(settings: settings, dependencies: dependencies)
    }

    var dependencies: AppDependencies {
        var dependencies = AppDependencies(store: store, clock: clock, configuration: configuration)
        dependencies.metrics = metrics
        dependencies.live = live
        dependencies.freedMemory = freedMemory
        return dependencies
    }

    /// Runs `body` against the live server, then removes the folder.
    func run<Value>(_ body: @Sendable (LiveClient) async throws -> Value) async throws -> Value {
        defer { folder.remove() }
        var logger = Logger(label: "pitwall-test")
        logger.logLevel = .warning
        let app = buildApplication(settings: settings, dependencies: dependencies, logger: logger)
        return try await app.serveLive(body)
    }

    func headers(_ scope: AccessScope?, contentType: String? = "application/json") -> HTTPFields {
        headers(bearer: scope.map { tokens[$0]! }, contentType: contentType)
    }

    /// Headers carrying a token the test issued itself.
    func headers(bearer token: String?, contentType: String? = "application/json") -> HTTPFields {
        var fields: HTTPFields = [:]
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }
}

extension LiveResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (empty if it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    var errorMessage: String? {
        (json["error"] as? [String: Any])?["message"] as? String
    }

    var errorCode: String? {
        (json["error"] as? [String: Any])?["code"] as? String
    }
}

/// A valid event of each kind used by the API tests, as JSON text.
enum SampleEvents {
    static func created(_ id: String, lead: String = "L-1", at time: String = "2026-03-02T15:00:00Z") -> String {
        #"{"id":"\#(id)","type":"lead.created","occurred_at":"\#(time)","lead_id":"\#(lead)","store_id":"lkt","source":"website","tier":"hot","cost":12.5}"#
    }

    static func sent(_ id: String, lead: String = "L-1", message: String = "m1", at time: String = "2026-03-02T15:00:40Z") -> String {
        #"{"id":"\#(id)","type":"message.sent","occurred_at":"\#(time)","lead_id":"\#(lead)","message_id":"\#(message)","channel":"sms","sender":"ai","crm_note":"keep me"}"#
    }
}

extension TestApp {
    /// An app holding every event of a simulation, its clock at the simulation's end.
    static func simulated(_ simulator: DealershipSimulator) async throws -> TestApp {
        var events: [Event] = []
        simulator.run { events.append($0) }
        let app = try await make(configuration: simulator.configuration)
        _ = try await app.store.ingest(events, at: simulator.settings.end)
        app.clock.set(simulator.settings.end)
        return app
    }
}
