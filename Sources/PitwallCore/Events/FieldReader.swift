import Foundation

/// Reads the fields of one JSON object with precise, field-named errors, and remembers
/// which keys it consumed so the rest can be kept as extras.
struct FieldReader {
    private let object: [String: Any]
    private let path: String
    private var consumed: Set<String> = []

    static let maximumIdentifierLength = 128

    init(_ object: [String: Any], path: String = "") {
        self.object = object
        self.path = path
    }

    func fieldName(_ key: String) -> String { path + key }

    func failure(_ key: String, _ problem: String) -> EventFieldError {
        EventFieldError(field: fieldName(key), problem: problem)
    }

    /// The raw value, treating JSON `null` as absent.
    private mutating func value(_ key: String) -> Any? {
        consumed.insert(key)
        guard let value = object[key], !(value is NSNull) else { return nil }
        return value
    }

    mutating func optionalString(_ key: String, maximumLength: Int = 4096) throws(EventFieldError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value as? String else { throw failure(key, "must be a string, got \(Self.describe(value))") }
        guard text.count <= maximumLength else { throw failure(key, "is longer than \(maximumLength) characters") }
        return text
    }

    mutating func requiredString(_ key: String, for type: EventType? = nil, maximumLength: Int = 4096) throws(EventFieldError) -> String {
        guard let text = try optionalString(key, maximumLength: maximumLength) else {
            throw failure(key, type.map { "is required for \($0.rawValue)" } ?? "is required")
        }
        guard !text.isEmpty else { throw failure(key, "must not be empty") }
        return text
    }

    mutating func optionalIdentifier<Kind>(_ key: String) throws(EventFieldError) -> Identifier<Kind>? {
        guard let text = try optionalString(key, maximumLength: Self.maximumIdentifierLength) else { return nil }
        guard !text.isEmpty else { throw failure(key, "must not be empty") }
        return Identifier(text)
    }

    mutating func requiredIdentifier<Kind>(_ key: String, for type: EventType? = nil) throws(EventFieldError) -> Identifier<Kind> {
        guard let identifier: Identifier<Kind> = try optionalIdentifier(key) else {
            throw failure(key, type.map { "is required for \($0.rawValue)" } ?? "is required")
        }
        return identifier
    }

    mutating func optionalTimestamp(_ key: String) throws(EventFieldError) -> Timestamp? {
        guard let value = value(key) else { return nil }
        guard let text = value as? String else { throw failure(key, "must be an RFC 3339 timestamp string, got \(Self.describe(value))") }
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw failure(key, "'\(Self.clip(text))' \(error.description)")
        }
    }

    mutating func requiredTimestamp(_ key: String, for type: EventType? = nil) throws(EventFieldError) -> Timestamp {
        guard let timestamp = try optionalTimestamp(key) else {
            throw failure(key, type.map { "is required for \($0.rawValue)" } ?? "is required")
        }
        return timestamp
    }

    mutating func optionalChoice<Choice: RawRepresentable & CaseIterable>(_ key: String, as _: Choice.Type) throws(EventFieldError) -> Choice?
    where Choice.RawValue == String {
        guard let text = try optionalString(key, maximumLength: 64) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(key, "'\(Self.clip(text))' is not one of \(allowed)")
        }
        return choice
    }

    mutating func requiredChoice<Choice: RawRepresentable & CaseIterable>(_ key: String, as kind: Choice.Type, for type: EventType) throws(EventFieldError) -> Choice
    where Choice.RawValue == String {
        guard let choice = try optionalChoice(key, as: kind) else { throw failure(key, "is required for \(type.rawValue)") }
        return choice
    }

    mutating func optionalNumber(_ key: String) throws(EventFieldError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value as? NSNumber, !number.isJSONBoolean else {
            throw failure(key, "must be a number, got \(Self.describe(value))")
        }
        let double = number.doubleValue
        guard double.isFinite else { throw failure(key, "must be a finite number") }
        return double
    }

    mutating func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(EventFieldError) -> Int? {
        guard let number = try optionalNumber(key) else { return nil }
        guard number.rounded() == number else { throw failure(key, "must be a whole number, got \(number)") }
        guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw failure(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(Int(number))")
        }
        return Int(number)
    }

    mutating func optionalBool(_ key: String) throws(EventFieldError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let number = value as? NSNumber, number.isJSONBoolean else {
            throw failure(key, "must be true or false, got \(Self.describe(value))")
        }
        return number.boolValue
    }

    /// A code that senders give as a string or a number (carrier error codes such as 30003).
    mutating func optionalCode(_ key: String) throws(EventFieldError) -> String? {
        guard let value = value(key) else { return nil }
        if let text = value as? String { return text.isEmpty ? nil : String(text.prefix(64)) }
        if let number = value as? NSNumber, !number.isJSONBoolean, number.doubleValue.rounded() == number.doubleValue {
            return String(Int64(number.doubleValue))
        }
        throw failure(key, "must be a string or a whole number, got \(Self.describe(value))")
    }

    mutating func optionalObject(_ key: String) throws(EventFieldError) -> FieldReader? {
        guard let value = value(key) else { return nil }
        guard let nested = value as? [String: Any] else { throw failure(key, "must be an object, got \(Self.describe(value))") }
        return FieldReader(nested, path: fieldName(key) + ".")
    }

    /// Every key not read so far, kept as sent.
    func extras() -> [String: JSONValue] {
        var extras: [String: JSONValue] = [:]
        for (key, value) in object where !consumed.contains(key) {
            extras[key] = JSONValue(foundation: value)
        }
        return extras
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case let number as NSNumber: number.isJSONBoolean ? "a boolean" : "a number"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "an unsupported value"
        }
    }

    /// Keeps echoed input short in error messages.
    static func clip(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(61)) + "..."
    }
}
