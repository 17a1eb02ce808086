import Foundation
import PitwallCore

extension ConfigurationFile {
    /// `notifications: {link_base, repeat_minutes, channels: [{name, webhook | slack, secret | secret_env}]}`.
    /// A secret is better kept out of the file: `secret_env` names the environment variable
    /// that holds it, and a missing variable stops start-up with its name.
    static func parseNotifications(
        _ node: ConfigNode, environment: [String: String], stores: [StoreProfile]
    ) throws(ConfigurationError) -> NotificationSettings {
        let fields = try node.mapping(allowedKeys: ["link_base", "repeat_minutes", "channels"])
        var settings = NotificationSettings()
        if let linkNode = fields["link_base"] {
            let text = try linkNode.string()
            guard Self.isHTTPURL(text) else { throw linkNode.error("'\(text)' is not an http(s) address like https://pitwall.example.com") }
            settings.linkBase = text
        }
        if let repeatNode = fields["repeat_minutes"] { settings.repeatSeconds = Double(try repeatNode.integer(in: 1...10_080)) * 60 }
        guard let channelsNode = fields["channels"] else { return settings }
        var names: Set<String> = []
        for item in try channelsNode.sequence() {
            let channel = try item.mapping(allowedKeys: ["name", "webhook", "slack", "email", "secret", "secret_env", "quiet_hours", "stores", "carries"])
            guard let nameNode = channel["name"] else { throw item.error("'name' is required") }
            let name = try nameNode.string()
            guard !name.isEmpty, names.insert(name).inserted else { throw nameNode.error("'\(name)' must be a new, non-empty name") }
            func url(_ node: ConfigNode) throws(ConfigurationError) -> String {
                let text = try node.string()
                guard Self.isHTTPURL(text) else { throw node.error("'\(text)' is not an http(s) address") }
                return text
            }
            var secret: String?
            if let secretNode = channel["secret"] { secret = try secretNode.string() }
            if let envNode = channel["secret_env"] {
                let variable = try envNode.string()
                guard let value = environment[variable], !value.isEmpty else { throw envNode.error("the environment variable \(variable) is not set") }
                secret = value
            }
            switch (channel["webhook"], channel["slack"], channel["email"]) {
            case (let webhook?, nil, nil):
                settings.channels.append(NotificationChannel(name: name, kind: .webhook(url: try url(webhook), secret: secret)))
            case (nil, let slack?, nil):
                guard secret == nil else { throw item.error("a Slack incoming webhook takes no secret: its address is the secret") }
                settings.channels.append(NotificationChannel(name: name, kind: .slack(url: try url(slack))))
            case (nil, nil, let email?):
                settings.channels.append(NotificationChannel(name: name, kind: .email(try parseEmail(email, environment: environment))))
            default:
                throw item.error("give exactly one of 'webhook', 'slack' or 'email'")
            }
            let index = settings.channels.count - 1
            if let quietNode = channel["quiet_hours"] { settings.channels[index].quietHours = try parseQuietHours(quietNode) }
            if let storesNode = channel["stores"] {
                for item in try storesNode.sequence() { settings.channels[index].stores.insert(try item.configuredStore(in: stores)) }
            }
            if let carriesNode = channel["carries"] {
                var kinds: [String] = []
                for item in try carriesNode.sequence() {
                    let kind = try item.string()
                    guard kind == "alerts" || kind == "escalations" else { throw item.error("'\(kind)' is not one of alerts, escalations") }
                    kinds.append(kind)
                }
                guard !kinds.isEmpty else { throw carriesNode.error("name at least one of alerts, escalations") }
                settings.channels[index].carriesAlerts = kinds.contains("alerts")
                settings.channels[index].carriesEscalations = kinds.contains("escalations")
            }
        }
        return settings
    }

    /// `{from: "22:00", to: "07:00", timezone: America/Chicago, hold_critical: false}`.
    static func parseQuietHours(_ node: ConfigNode) throws(ConfigurationError) -> QuietHours {
        let fields = try node.mapping(allowedKeys: ["from", "to", "timezone", "hold_critical"])
        func minute(_ key: String) throws(ConfigurationError) -> Int {
            guard let child = fields[key] else { throw node.error("'\(key)' is required, e.g. from: \"22:00\", to: \"07:00\"") }
            let text = try child.string()
            let parts = text.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute), parts[1].count == 2 else {
                throw child.error("'\(text)' is not a time like 22:00")
            }
            return hour * 60 + minute
        }
        let start = try minute("from")
        let end = try minute("to")
        guard start != end else { throw node.error("'from' and 'to' are the same time: quiet hours need a length") }
        guard let zoneNode = fields["timezone"] else { throw node.error("'timezone' is required (the IANA zone the hours are in, e.g. America/Chicago)") }
        let zoneName = try zoneNode.string()
        guard let zone = TimeZone(identifier: zoneName) else { throw zoneNode.error("'\(zoneName)' is not a known IANA time zone (e.g. America/Chicago)") }
        return QuietHours(startMinute: start, endMinute: end, timeZone: zone, holdsCritical: try fields["hold_critical"]?.bool() ?? false)
    }

    /// `{host, port, from, to, username, password_env, encryption, trusted_certificates}`.
    static func parseEmail(_ node: ConfigNode, environment: [String: String]) throws(ConfigurationError) -> EmailSettings {
        let fields = try node.mapping(allowedKeys: ["host", "port", "from", "to", "username", "password_env", "encryption", "trusted_certificates"])
        func address(_ node: ConfigNode) throws(ConfigurationError) -> String {
            let text = try node.string()
            guard text.contains("@"), !text.contains(" "), !text.contains("<"), !text.contains(">") else {
                throw node.error("'\(text)' is not an e-mail address like bdc@example.com")
            }
            return text
        }
        guard let hostNode = fields["host"] else { throw node.error("'host' is required (the SMTP server)") }
        guard let fromNode = fields["from"] else { throw node.error("'from' is required") }
        guard let toNode = fields["to"] else { throw node.error("'to' is required: a list of addresses") }
        let to = try toNode.sequence().map { (item: ConfigNode) throws(ConfigurationError) in try address(item) }
        guard !to.isEmpty else { throw toNode.error("name at least one address") }
        var settings = EmailSettings(host: try hostNode.string(), port: try fields["port"]?.integer(in: 1...65_535) ?? 587, from: try address(fromNode), to: to)
        if let encryption = fields["encryption"] {
            let text = try encryption.string()
            guard let value = EmailSettings.Encryption(rawValue: text) else {
                throw encryption.error("'\(text)' is not one of \(EmailSettings.Encryption.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            settings.encryption = value
        }
        if let user = fields["username"] {
            settings.username = try user.string()
            guard let passwordNode = fields["password_env"] else { throw node.error("'password_env' is required with a username") }
            let variable = try passwordNode.string()
            guard let password = environment[variable], !password.isEmpty else { throw passwordNode.error("the environment variable \(variable) is not set") }
            settings.password = password
            guard settings.encryption != .none else { throw node.error("a password is never sent without encryption: use encryption starttls or required") }
        }
        if let trusted = fields["trusted_certificates"] {
            let path = try trusted.string()
            guard FileManager.default.fileExists(atPath: path) else { throw trusted.error("'\(path)' does not exist") }
            settings.trustedCertificatesFile = path
        }
        return settings
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return scheme == "http" || scheme == "https"
    }
}
