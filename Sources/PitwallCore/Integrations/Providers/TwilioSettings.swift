/// A store's Twilio account, as far as Pitwall needs it: the secret its callbacks are signed with.
public struct TwilioAccount: Hashable, Sendable {
    public var storeID: StoreID
    public var authToken: String

    public init(storeID: StoreID, authToken: String) {
        self.storeID = storeID
        self.authToken = authToken
    }
}

/// Where Twilio's callbacks come in, and whose they may be.
public struct TwilioSettings: Hashable, Sendable {
    /// The address Twilio calls, as configured in its console (`https://pitwall.example.com`);
    /// signatures are computed over it. Nil: the request's own Host and scheme.
    public var publicURL: String?
    public var accounts: [TwilioAccount]

    public init(publicURL: String? = nil, accounts: [TwilioAccount] = []) {
        self.publicURL = publicURL
        self.accounts = accounts
    }
}
