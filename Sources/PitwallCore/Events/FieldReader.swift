import Foundation

/// Reads the fields of one JSON object with precise, field-named errors, and remembers
/// which keys it consumed so the rest can be kept as extras.
struct FieldReader {
    // As written, not hashed: an event has a dozen fields, each read once.
    private let members: JSONMembers.List
    private let path: String
    // A list, not a set: an event has a dozen fields, and comparing short names costs less
    // than hashing them into a set for every event of an import.
    private var consumed: [String] = []

    static let maximumIdentifierLength = 128

    init(_ members: JSONMembers.List, path: String = "") {
        self.members = members
        self.path = path
        consumed.reserveCapacity(members.count)
    }

    init(_ object: [String: JSONValue], path: String = "") {
        self.init(object.map { (name: $0.key, value: $0.value) }, path: path)
    }

    func fieldName(_ key: String) -> String { path + key }

    func failure(_ key: String, _ problem: String) -> EventFieldError {
        EventFieldError(field: fieldName(key), problem: problem)
    }

    /// The raw value, treating JSON `null` as absent.
    private mutating func value(_ key: String) -> JSONValue? {
        consumed.append(key)
        // The last of a name given twice counts, as when the object is read into a dictionary.
        guard let value = members.last(where: { $0.name == key })?.value, value != .null else { return nil }
        return value
    }

    mutating func optionalString(_ key: String, maximumLength: Int = 4096) throws(EventFieldError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw failure(key, "must be a string, got \(Self.describe(value))") }
        // Counting characters walks the text; a text with no more bytes than the limit is within it.
        guard text.utf8.count <= maximumLength || text.count <= maximumLength else { throw failure(key, "is longer than \(maximumLength) characters") }
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

    /// How an agent was told of a lead, in lower case and without surrounding spaces, so that
    /// "Push" and "push " are one method of the comparison, not two.
    mutating func optionalNotificationMethod(_ key: String) throws(EventFieldError) -> String? {
        guard let text = try optionalString(key, maximumLength: Self.maximumIdentifierLength) else { return nil }
        let method = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !method.isEmpty else { throw failure(key, "must name how the agent was told (push, sms, slack, email ...), or be left out") }
        return method
    }

    mutating func optionalTimestamp(_ key: String) throws(EventFieldError) -> Timestamp? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw failure(key, "must be an RFC 3339 timestamp string, got \(Self.describe(value))") }
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
        guard case .number(let double) = value else {
            throw failure(key, "must be a number, got \(Self.describe(value))")
        }
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
        guard case .bool(let flag) = value else {
            throw failure(key, "must be true or false, got \(Self.describe(value))")
        }
        return flag
    }

    /// A code that senders give as a string or a number (carrier error codes such as 30003).
    mutating func optionalCode(_ key: String) throws(EventFieldError) -> String? {
        guard let value = value(key) else { return nil }
        if case .string(let text) = value { return text.isEmpty ? nil : String(text.prefix(64)) }
        if case .number(let number) = value, number.rounded() == number, abs(number) < 9.2e18 {
            return String(Int64(number))
        }
        throw failure(key, "must be a string or a whole number, got \(Self.describe(value))")
    }

    mutating func optionalObject(_ key: String) throws(EventFieldError) -> FieldReader? {
        guard let value = value(key) else { return nil }
        guard case .object(let nested) = value else { throw failure(key, "must be an object, got \(Self.describe(value))") }
        return FieldReader(nested, path: fieldName(key) + ".")
    }

    /// Every key not read so far, kept as sent.
    func extras() -> [String: JSONValue] {
        var extras: [String: JSONValue] = [:]
        for (key, value) in members where !consumed.contains(key) {
            extras[key] = value
        }
        return extras
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A number as it was most likely written: 40000000, not 40000000.0; 1e+20 stays so.
    static func echo(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    }

    /// Keeps echoed input short in error messages.
    static func clip(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(61)) + "..."
    }
}
