import PitwallCore

extension ConfigurationFile {
    /// `twilio:` — the stores' Twilio accounts, whose auth tokens sign the callbacks.
    ///
    ///     public_url: https://pitwall.example.com   # the address given to Twilio
    ///     accounts:
    ///       - store: lkt
    ///         auth_token_env: TWILIO_LKT_AUTH_TOKEN  # or auth_token: "..." (better kept out of the file)
    static func parseTwilio(_ node: ConfigNode, environment: [String: String], stores: [StoreProfile]) throws(ConfigurationError) -> TwilioSettings {
        let fields = try node.mapping(allowedKeys: ["public_url", "accounts"])
        var settings = TwilioSettings()
        if let urlNode = fields["public_url"] {
            let text = try urlNode.string()
            guard Self.isHTTPURL(text) else { throw urlNode.error("'\(text)' is not an http(s) address like https://pitwall.example.com") }
            settings.publicURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        guard let accounts = fields["accounts"] else { throw node.error("'accounts' is required: one entry a store, with its auth token") }
        for item in try accounts.sequence() {
            let account = try item.mapping(allowedKeys: ["store", "auth_token", "auth_token_env"])
            guard let storeNode = account["store"] else { throw item.error("'store' is required") }
            let store = try storeNode.configuredStore(in: stores)
            let token = try item.secret("auth_token", in: account, environment: environment)
            settings.accounts.append(TwilioAccount(storeID: store, authToken: token))
        }
        return settings
    }
}

extension ConfigNode {
    /// A secret given in the file as `NAME: value` or, better, named as `NAME_env: VARIABLE`.
    func secret(_ name: String, in fields: [String: ConfigNode], environment: [String: String]) throws(ConfigurationError) -> String {
        let value: String
        switch (fields[name], fields[name + "_env"]) {
        case (let node?, nil):
            value = try node.string()
        case (nil, let envNode?):
            let variable = try envNode.string()
            guard let found = environment[variable], !found.isEmpty else { throw envNode.error("the environment variable \(variable) is not set") }
            value = found
        default:
            throw error("give exactly one of '\(name)' and '\(name)_env'")
        }
        guard !value.isEmpty else { throw error("'\(name)' is empty") }
        return value
    }
}
