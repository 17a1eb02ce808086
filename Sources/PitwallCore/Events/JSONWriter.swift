/// Writes JSON text with a fixed key order, so equal events always give equal bytes.
/// That makes "same id, same content" a byte comparison and keeps stored events stable.
public struct JSONWriter {
    public private(set) var text: String = ""
    private var needsComma: [Bool] = []

    public init() {}

    public mutating func beginObject() {
        separate()
        text += "{"
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        text += "}"
    }

    public mutating func beginArray() {
        separate()
        text += "["
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        text += "]"
    }

    public mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &text)
        text += ":"
        // The value that follows must not be preceded by a comma.
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    public mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &text)
    }

    public mutating func number(_ value: Double) {
        separate()
        text += Self.format(value)
    }

    public mutating func integer(_ value: Int64) {
        separate()
        text += String(value)
    }

    public mutating func raw(_ literal: String) {
        separate()
        text += literal
    }

    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }
    public mutating func null() { raw("null") }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                self.value(members[name]!)
            }
            endObject()
        }
    }

    // Convenience for optional members: absent values are left out.
    /// A whole-number member.
    public mutating func member(_ name: String, _ value: Int) {
        key(name)
        integer(Int64(value))
    }

    public mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    public mutating func member(_ name: String, _ value: Timestamp?) {
        member(name, value?.rfc3339)
    }

    public mutating func member<Kind>(_ name: String, _ value: Identifier<Kind>?) {
        member(name, value?.rawValue)
    }

    public mutating func member(_ name: String, _ value: Money?) {
        guard let value else { return }
        key(name)
        raw(value.description)
    }

    public mutating func extras(_ extras: [String: JSONValue]) {
        for name in extras.keys.sorted() {
            key(name)
            value(extras[name]!)
        }
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    /// Whole numbers print without a fraction; others in Swift's shortest round-trip form.
    public static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        // Almost every value needs no escaping: copy it whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                text += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
