import Foundation
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

extension PitwallRequestContext {
    /// The id in the path, percent-decoding undone: ids such as `adf:cars:123` or
    /// `delivery_rate:store=lkt` arrive encoded from most clients.
    func pathID(_ name: String = "id") throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
