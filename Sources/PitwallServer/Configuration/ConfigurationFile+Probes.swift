import Foundation
import PitwallCore

extension ConfigurationFile {
    /// `probes:` — the health URLs of the systems Pitwall watches.
    ///
    ///     - name: sms_gateway            # the component its reports are filed under
    ///       url: https://sms.example.com/healthz
    ///       interval_seconds: 30
    ///       timeout_seconds: 5
    ///       store: lkt                   # optional: the one store it serves
    static func parseProbes(_ node: ConfigNode, stores: [StoreProfile]) throws(ConfigurationError) -> [HealthProbe] {
        var probes: [HealthProbe] = []
        for item in try node.sequence() {
            let fields = try item.mapping(allowedKeys: ["name", "url", "interval_seconds", "timeout_seconds", "store"])
            guard let nameNode = fields["name"] else { throw item.error("'name' is required (the component, e.g. sms_gateway)") }
            let name = try nameNode.string()
            guard !name.isEmpty, name.count <= 64, !name.contains(":") else { throw nameNode.error("must be 1 to 64 characters without ':'") }
            guard !probes.contains(where: { $0.name == name }) else { throw nameNode.error("'\(name)' is used by an earlier probe") }
            guard let urlNode = fields["url"] else { throw item.error("'url' is required") }
            let url = try urlNode.string()
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw urlNode.error("'\(url)' is not an http:// or https:// URL")
            }
            let interval = try fields["interval_seconds"]?.integer(in: 1...86_400) ?? 30
            let timeout = try fields["timeout_seconds"]?.integer(in: 1...300) ?? 5
            guard timeout <= interval else { throw item.error("timeout_seconds (\(timeout)) must not exceed interval_seconds (\(interval))") }
            let store = try fields["store"]?.configuredStore(in: stores)
            probes.append(HealthProbe(name: name, url: url, intervalSeconds: Double(interval), timeoutSeconds: Double(timeout), storeID: store))
        }
        return probes
    }
}
