import Foundation
import PitwallCore

extension ConfigurationFile {
    /// The `stores:` section as YAML, in the same shape `load` reads.
    public static func yaml(for stores: [StoreProfile]) -> String {
        var lines = ["# Stores of the dealership group: time zone, opening hours and holidays.", "stores:"]
        for store in stores {
            lines.append("  - id: \(quoted(store.id.rawValue))")
            lines.append("    name: \(quoted(store.name))")
            lines.append("    timezone: \(store.timeZone.identifier)")
            lines.append("    business_hours:")
            for (index, key) in WeeklyHours.weekdayKeys.enumerated() {
                let intervals = store.hours.days[index]
                let text = intervals.isEmpty ? "closed" : intervals.map(\.description).joined(separator: ",")
                lines.append("      \(key): \(quoted(text))")
            }
            if store.holidays.isEmpty {
                lines.append("    holidays: []")
            } else {
                lines.append("    holidays:")
                for date in store.holidays.sorted() { lines.append("      - \(date)") }
            }
            if !store.overrides.isEmpty {
                lines.append("    overrides:")
                for date in store.overrides.keys.sorted() {
                    let intervals = store.overrides[date]!
                    lines.append("      \(date): \(quoted(intervals.isEmpty ? "closed" : intervals.map(\.description).joined(separator: ",")))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Double-quoted YAML scalar with the characters YAML needs escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
