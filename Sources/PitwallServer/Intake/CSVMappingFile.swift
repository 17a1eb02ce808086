import Foundation
import PitwallCore
import Yams

/// Reads a CSV column mapping from YAML, naming the key and line of any mistake:
///
/// ```yaml
/// kind: leads                      # or messages
/// date_format: "MM/dd/yyyy hh:mm a" # optional; without it the usual shapes are read
/// timezone: America/Chicago        # optional; else each store's own zone
/// columns: {lead_id: Lead ID, created_at: Created, store_id: Dealer, source: Lead Source}
/// fixed: {channel: sms}
/// translations: {tier: {Hot: hot, Warm: warm}}
/// ```
public enum CSVMappingFile {
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> CSVMapping {
        let root = try ConfigNode.compose(text, file: file)
        guard let root else { throw ConfigurationError(file: file, key: "", reason: "the mapping is empty; it needs at least kind: and columns:") }
        let document = ConfigNode(node: root, path: "", file: file)
        let top = try document.mapping(allowedKeys: ["kind", "columns", "fixed", "translations", "date_format", "timezone"])
        guard let kindNode = top["kind"] else { throw document.error("kind: missing; say leads or messages") }
        let kindText = try kindNode.string()
        guard let kind = CSVMapping.Kind(rawValue: kindText) else { throw kindNode.error("'\(kindText)' must be leads or messages") }
        let known = Set(CSVMapping.fields[kind]!.all)
        func pairs(_ key: String) throws(ConfigurationError) -> [String: String] {
            guard let node = top[key] else { return [:] }
            var result: [String: String] = [:]
            for (field, value) in try node.mapping(allowedKeys: known) { result[field] = try value.string() }
            return result
        }
        var mapping = CSVMapping(kind: kind, columns: try pairs("columns"), fixed: try pairs("fixed"))
        if let node = top["translations"] {
            for (field, words) in try node.mapping(allowedKeys: known) {
                guard let table = words.node.mapping else { throw words.error("must map the CRM's words to Pitwall's, e.g. {Hot: hot}") }
                var translated: [String: String] = [:]
                for (from, to) in table {
                    guard let source = from.string, let target = to.string else { throw words.error("each word must be a single value") }
                    translated[source] = target
                }
                mapping.translations[field] = translated
            }
        }
        if let node = top["date_format"] { mapping.dateFormat = try node.string() }
        if let node = top["timezone"] {
            let name = try node.string()
            guard let zone = TimeZone(identifier: name) else { throw node.error("'\(name)' is not an IANA time zone such as America/Chicago") }
            mapping.timeZone = zone
        }
        if let problem = mapping.problem() { throw document.error(problem) }
        return mapping
    }
}
