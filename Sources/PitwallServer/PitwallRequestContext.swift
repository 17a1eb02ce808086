import Hummingbird
import PitwallCore

/// Per-request state: who is calling, once the bearer token has been checked.
public struct PitwallRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var accessToken: AccessToken?
    /// The browser session, on dashboard pages.
    public var session: DashboardSession?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
