import Foundation
import PitwallCore

extension ConfigurationFile {
    /// `bandwidth:` — the callback credentials of each store's Bandwidth messaging application.
    ///
    ///     accounts:
    ///       - store: lkt
    ///         username: pitwall
    ///         password_env: BANDWIDTH_LKT_PASSWORD   # or password: "..."
    static func parseBandwidth(_ node: ConfigNode, environment: [String: String], stores: [StoreProfile]) throws(ConfigurationError) -> [BandwidthAccount] {
        let fields = try node.mapping(allowedKeys: ["accounts"])
        guard let accounts = fields["accounts"] else { throw node.error("'accounts' is required: one entry a store, with its callback credentials") }
        var result: [BandwidthAccount] = []
        for item in try accounts.sequence() {
            let account = try item.mapping(allowedKeys: ["store", "username", "password", "password_env"])
            guard let storeNode = account["store"] else { throw item.error("'store' is required") }
            guard let userNode = account["username"] else { throw item.error("'username' is required: the callback user name set in Bandwidth") }
            let username = try userNode.string()
            guard !username.isEmpty, !username.contains(":") else { throw userNode.error("a user name is not empty and has no ':'") }
            result.append(BandwidthAccount(
                storeID: try storeNode.configuredStore(in: stores), username: username,
                password: try item.secret("password", in: account, environment: environment)))
        }
        return result
    }

    /// `telnyx:` — each store's Telnyx account public key (not a secret: it only checks signatures).
    ///
    ///     accounts:
    ///       - store: lkt
    ///         public_key: "base64 of the 32-byte Ed25519 key"
    static func parseTelnyx(_ node: ConfigNode, stores: [StoreProfile]) throws(ConfigurationError) -> [TelnyxAccount] {
        let fields = try node.mapping(allowedKeys: ["accounts"])
        guard let accounts = fields["accounts"] else { throw node.error("'accounts' is required: one entry a store, with its account's public key") }
        var result: [TelnyxAccount] = []
        for item in try accounts.sequence() {
            let account = try item.mapping(allowedKeys: ["store", "public_key"])
            guard let storeNode = account["store"] else { throw item.error("'store' is required") }
            guard let keyNode = account["public_key"] else { throw item.error("'public_key' is required: the Ed25519 public key from Telnyx's portal") }
            let key = try keyNode.string()
            guard let bytes = Data(base64Encoded: key), bytes.count == 32 else {
                throw keyNode.error("not a base64 Ed25519 public key (32 bytes); copy it from Telnyx Mission Control > Keys & Credentials > Public Key")
            }
            result.append(TelnyxAccount(storeID: try storeNode.configuredStore(in: stores), publicKey: key))
        }
        return result
    }
}
