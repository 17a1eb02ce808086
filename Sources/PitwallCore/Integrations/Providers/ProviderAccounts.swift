/// A store's Bandwidth messaging application: the callback credentials set in it, which
/// Bandwidth sends as HTTP basic authentication.
public struct BandwidthAccount: Hashable, Sendable {
    public var storeID: StoreID
    public var username: String
    public var password: String

    public init(storeID: StoreID, username: String, password: String) {
        self.storeID = storeID
        self.username = username
        self.password = password
    }
}

/// A store's Telnyx account: the Ed25519 public key (base64, from the Mission Control
/// portal) its webhooks are signed with. Several stores may share one account.
public struct TelnyxAccount: Hashable, Sendable {
    public var storeID: StoreID
    public var publicKey: String

    public init(storeID: StoreID, publicKey: String) {
        self.storeID = storeID
        self.publicKey = publicKey
    }
}

/// The SMS providers' callback settings besides Twilio's.
public struct MessagingProviders: Hashable, Sendable {
    public var bandwidth: [BandwidthAccount] = []
    public var telnyx: [TelnyxAccount] = []
    /// How old a Telnyx signature timestamp may be before the webhook counts as a replay.
    public var telnyxToleranceSeconds: Double = 300

    public init() {}
}
