import Foundation
import PitwallCore

extension ConfigurationFile {
    /// `notifications: {link_base, repeat_minutes, channels: [{name, webhook | slack, secret | secret_env}]}`.
    /// A secret is better kept out of the file: `secret_env` names the environment variable
    /// that holds it, and a missing variable stops start-up with its name.
    static func parseNotifications(_ node: ConfigNode, environment: [String: String]) throws(ConfigurationError) -> NotificationSettings {
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
            let channel = try item.mapping(allowedKeys: ["name", "webhook", "slack", "secret", "secret_env"])
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
            switch (channel["webhook"], channel["slack"]) {
            case (let webhook?, nil):
                settings.channels.append(NotificationChannel(name: name, kind: .webhook(url: try url(webhook), secret: secret)))
            case (nil, let slack?):
                guard secret == nil else { throw item.error("a Slack incoming webhook takes no secret: its address is the secret") }
                settings.channels.append(NotificationChannel(name: name, kind: .slack(url: try url(slack))))
            default:
                throw item.error("give exactly one of 'webhook' or 'slack'")
            }
        }
        return settings
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return scheme == "http" || scheme == "https"
    }
}
