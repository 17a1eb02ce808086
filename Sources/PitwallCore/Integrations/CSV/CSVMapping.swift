import Foundation

/// How the columns of a CRM's CSV export become Pitwall events: which column holds which
/// field, fixed values for what the file does not say, translations of the CRM's words, and
/// how its dates are written. Read from a small YAML file (see docs/integrations.md).
public struct CSVMapping: Hashable, Sendable {
    /// What one row is.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// One lead per row: a `lead.created` (and a `lead.assigned` when an agent is named).
        case leads
        /// One message per row: a `message.sent` or `message.received` (and a
        /// `message.status` when the row has a delivery status).
        case messages
    }

    public var kind: Kind
    /// Pitwall field -> the header of the column holding it.
    public var columns: [String: String]
    /// Pitwall field -> a value used for every row (for what the file does not hold).
    public var fixed: [String: String]
    /// Pitwall field -> (the CRM's word -> Pitwall's), applied before checking.
    public var translations: [String: [String: String]]
    /// A date pattern in Unicode notation (`MM/dd/yyyy hh:mm a`); nil reads the usual shapes.
    public var dateFormat: String?
    /// The zone of dates written without an offset; nil means each store's own zone.
    public var timeZone: TimeZone?

    public init(
        kind: Kind, columns: [String: String], fixed: [String: String] = [:], translations: [String: [String: String]] = [:],
        dateFormat: String? = nil, timeZone: TimeZone? = nil
    ) {
        self.kind = kind
        self.columns = columns
        self.fixed = fixed
        self.translations = translations
        self.dateFormat = dateFormat
        self.timeZone = timeZone
    }

    /// The fields a row of each kind can fill, and those it must.
    public static let fields: [Kind: (all: [String], required: [String])] = [
        .leads: (
            ["lead_id", "created_at", "store_id", "source", "campaign_id", "region", "tier", "cost", "submitted_at",
             "first_name", "last_name", "phone", "email", "vehicle_condition", "vehicle_make", "vehicle_model", "vehicle_year", "agent_id"],
            ["lead_id", "created_at", "store_id", "source"]
        ),
        .messages: (
            ["lead_id", "message_id", "at", "direction", "channel", "sender", "agent_id", "template_id", "campaign_id", "body", "status", "error_code"],
            ["lead_id", "message_id", "at", "channel"]
        ),
    ]

    /// Why the mapping cannot be used, naming the key; nil when it can.
    public func problem() -> String? {
        let (all, required) = Self.fields[kind]!
        for key in Array(columns.keys) + Array(fixed.keys) + Array(translations.keys) where !all.contains(key) {
            return "'\(key)' is not a field of \(kind.rawValue) (fields: \(all.joined(separator: ", ")))"
        }
        for key in required where columns[key] == nil && fixed[key] == nil {
            return "columns.\(key): required for \(kind.rawValue); name the column that holds it (or give a fixed value)"
        }
        if kind == .messages, columns["direction"] == nil, fixed["direction"] == nil, columns["sender"] == nil, fixed["sender"] == nil {
            return "columns.sender: outbound messages need a sender (ai or agent); name its column or give a fixed value"
        }
        if let dateFormat, dateFormat.trimmingCharacters(in: .whitespaces).isEmpty { return "date_format: must not be empty" }
        return nil
    }

    /// Why the file's header cannot serve this mapping; nil when every mapped column is there.
    public func headerProblem(_ header: [String]) -> String? {
        let present = Set(header.map { $0.trimmingCharacters(in: .whitespaces) })
        for (field, column) in columns.sorted(by: { $0.key < $1.key }) where !present.contains(column) {
            return "columns.\(field): the file has no column '\(column)' (its columns: \(header.joined(separator: ", ")))"
        }
        return nil
    }
}
