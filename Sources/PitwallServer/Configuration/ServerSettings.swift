import HTTPTypes
import Hummingbird
/// How the HTTP server listens and what it accepts.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Largest request body accepted; a bigger batch gets 413 and should be split.
    public var maximumBodyBytes: Int
    /// How often unanswered leads are checked for escalation; nil turns the check off
    /// (tests run it by hand with their own clock).
    public var escalationCheckInterval: Duration? = .seconds(5)
    /// How often the alerting rules are evaluated; nil turns it off (tests evaluate by hand).
    public var alertCheckInterval: Duration? = .seconds(30)
    /// How soon after ingestion the rules the new events touch are evaluated.
    public var alertNudgeInterval: Duration = .seconds(1)
    /// Whether the configured health probes run (tests check by hand).
    public var runsProbes = true
    /// How often open dashboards get a heartbeat on their live connection.
    public var liveHeartbeatInterval: Duration = .seconds(20)
    /// How often provider callbacks held for want of their lead are tried again (they are also
    /// tried whenever events arrive over HTTP); nil: only then.
    public var heldCallbackInterval: Duration? = .seconds(60)
    /// How often the scheduled reports are checked for one that is due; nil turns them off
    /// (tests send them by hand with their own clock).
    public var reportCheckInterval: Duration? = .seconds(60)
    /// How often the server looks whether today's size of its database is noted (it notes
    /// one a day, for the storage outlook's measured growth); nil: never.
    public var storageSizeInterval: Duration? = .seconds(3_600)
    /// How often a server on the group database looks for newer organisation configurations.
    public var configurationRefreshInterval: Duration = .seconds(30)
    /// Whether the dashboard's cookie is marked Secure even without `X-Forwarded-Proto: https`
    /// (set when Pitwall itself is reached over TLS).
    public var secureCookies = false
    /// How long a dashboard session lasts after its last use (`server.session_idle_hours`). A
    /// wall screen in a store quiet overnight needs longer than the 12 hours a desk does.
    public var sessionIdleSeconds: Double = 12 * 3600
    /// Waits between attempts to deliver a notification; one more attempt than delays.
    public var notificationRetryDelays: [Duration] = [.seconds(1), .seconds(5), .seconds(25)]

    public static let defaultMaximumBodyBytes = 16 * 1024 * 1024

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
    }
}

extension ServerSettings {
    /// Secure cookies when the browser reached us over TLS (directly, or through a proxy that says so).
    func wantsSecureCookies(for request: Request) -> Bool {
        secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
