import Foundation

extension JSONValue {
    /// Converts a value produced by `JSONSerialization`.
    init(foundation value: Any) {
        switch value {
        case is NSNull:
            self = .null
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            self = number.isJSONBoolean ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(foundation:)))
        case let object as [String: Any]:
            self = .object(object.mapValues(JSONValue.init(foundation:)))
        default:
            self = .string(String(describing: value))
        }
    }
}

extension NSNumber {
    // JSONSerialization returns booleans as a private NSNumber subclass; comparing classes is
    // the only way to tell `true` from `1` on every platform.
    private static let booleanClass: ObjectIdentifier = ObjectIdentifier(type(of: NSNumber(value: true)))

    var isJSONBoolean: Bool { ObjectIdentifier(type(of: self)) == NSNumber.booleanClass }
}

extension JSONValue {
    /// Parses JSON text; nil when it is not JSON.
    public init?(jsonText: String) {
        guard let value = try? JSONTextReader.read(jsonText) else { return nil }
        self = value
    }

    /// The members of an object value (empty for anything else).
    public var objectMembers: [String: JSONValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Compact JSON text of these members with sorted keys, or nil when there are none.
    public var jsonTextIfAny: String? {
        guard !isEmpty else { return nil }
        var writer = JSONWriter()
        writer.value(.object(self))
        return writer.text
    }
}
