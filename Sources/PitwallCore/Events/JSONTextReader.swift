import Foundation

/// Why a text is not JSON, and where: `offset` counts bytes from the start of the text, from
/// 0; `character` counts characters (Unicode scalars) from 1, as a person reading the line would.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var character: Int
    public var problem: String

    public init(offset: Int, character: Int? = nil, problem: String) {
        self.offset = offset
        self.character = character ?? offset + 1
        self.problem = problem
    }

    public var description: String { "\(problem) at character \(character)" }
}

/// Reads JSON text (RFC 8259) from its UTF-8 bytes straight into `JSONValue`.
///
/// Events arrive by the million on an import. Foundation's reader builds bridged objects that
/// the field checks then cast back one by one, and that cost more than everything else in
/// decoding an event; this reader goes from bytes to Swift values in one pass. It is strict
/// (no comments, single quotes or bare words; text must be UTF-8) but forgives a comma before
/// a closing bracket, as Foundation's reader, which Pitwall used before, does.
public enum JSONTextReader {
    /// Objects and arrays nested deeper than this are refused, so hostile input cannot
    /// exhaust the stack. Events nest three levels.
    public static let maximumDepth = 100

    public static func read(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = data.withUnsafeBytes { bytes in
            Result { () throws(JSONSyntaxError) -> JSONValue in try read(bytes) }
        }
        return try result.get()
    }

    public static func read(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONSyntaxError> = text.withUTF8 { bytes in
            Result { () throws(JSONSyntaxError) -> JSONValue in try read(UnsafeRawBufferPointer(bytes)) }
        }
        return try result.get()
    }

    public static func read(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        try readKeepingMembers(bytes).value
    }

    /// Reads a text whose outermost value, when it is an object, is kept as its members in the
    /// order written, and so is each object of an outermost array (a batch of events): an event
    /// is read name by name once, and hashing its dozen names into a dictionary first cost
    /// about an eighth of decoding it.
    static func readKeepingMembers(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> TopLevel {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONSyntaxError(offset: 0, problem: "the text is empty")
        }
        var cursor = JSONCursor(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        if cursor.looksLikeUTF16or32 {
            throw JSONSyntaxError(offset: 0, problem: "the text is UTF-16 or UTF-32, not UTF-8: save or send it as UTF-8")
        }
        cursor.skipByteOrderMark()
        cursor.skipSpace()
        let value: TopLevel =
            switch cursor.current {
            case UInt8(ascii: "{"): .object(try cursor.members(depth: 0))
            case UInt8(ascii: "["): .array(try cursor.elementsKeepingMembers(depth: 0))
            default: .other(try cursor.value(depth: 0))
            }
        cursor.skipSpace()
        guard cursor.atEnd else { throw cursor.failure("unexpected \(cursor.currentDescription) after the end of the JSON value") }
        return value
    }

    enum TopLevel {
        case object(JSONMembers.List)
        /// The elements of an array, its objects kept as their members.
        case array([TopLevel])
        case other(JSONValue)

        /// As `read` gives it: each object's names in a dictionary.
        var value: JSONValue {
            switch self {
            case .object(let members): .object(JSONMembers.dictionary(members))
            case .array(let items): .array(items.map(\.value))
            case .other(let value): value
            }
        }
    }
}

/// An object's members as written, names possibly repeated.
enum JSONMembers {
    typealias List = [(name: String, value: JSONValue)]

    /// A name given twice keeps its last value, as most readers do.
    static func dictionary(_ members: List) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(members.count)
        for (name, value) in members { object[name] = value }
        return object
    }
}

/// A position in JSON bytes; each method reads one piece of the grammar from there.
struct JSONCursor {
    let base: UnsafePointer<UInt8>
    let count: Int
    var position = 0

    var atEnd: Bool { position >= count }
    /// The byte at the position, or 0 past the end (0 is never valid outside a string).
    var current: UInt8 { position < count ? base[position] : 0 }

    var currentDescription: String {
        guard !atEnd else { return "end of text" }
        let byte = base[position]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    func failure(_ problem: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? position, count)
        // Bytes that continue a multi-byte character do not start one.
        var characters = 1
        for index in 0..<offset where base[index] & 0xC0 != 0x80 { characters += 1 }
        return JSONSyntaxError(offset: offset, character: characters, problem: problem)
    }

    /// JSON starts with an ASCII character, so a byte-order mark of UTF-16 or a zero byte in
    /// the first two is a wider encoding (Windows tools write UTF-16 by default).
    var looksLikeUTF16or32: Bool {
        guard count >= 2 else { return false }
        return (base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF) || base[0] == 0 || base[1] == 0
    }

    mutating func skipByteOrderMark() {
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { position = 3 }
    }

    mutating func skipSpace() {
        while position < count {
            let byte = base[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        switch current {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            if atEnd { throw failure("the text ends where a value was expected") }
            throw failure("unexpected \(currentDescription) where a value was expected (a string needs double quotes)")
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        .object(JSONMembers.dictionary(try members(depth: depth)))
    }

    mutating func members(depth: Int) throws(JSONSyntaxError) -> JSONMembers.List {
        try open(depth: depth)
        var members: JSONMembers.List = []
        if closes(with: UInt8(ascii: "}")) { return members }
        members.reserveCapacity(16)
        while true {
            guard current == UInt8(ascii: "\"") else {
                throw failure("expected a member name in double quotes, found \(currentDescription)")
            }
            let name = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after the name \"\(name)\", found \(currentDescription)") }
            position += 1
            skipSpace()
            members.append((name, try value(depth: depth + 1)))
            if try endOfElement(closing: UInt8(ascii: "}"), after: "the value of \"\(name)\"") { return members }
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try open(depth: depth)
        var items: [JSONValue] = []
        if closes(with: UInt8(ascii: "]")) { return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            if try endOfElement(closing: UInt8(ascii: "]"), after: "an array element") { return .array(items) }
        }
    }

    /// An outermost array, each of its objects kept as its members.
    mutating func elementsKeepingMembers(depth: Int) throws(JSONSyntaxError) -> [JSONTextReader.TopLevel] {
        try open(depth: depth)
        var items: [JSONTextReader.TopLevel] = []
        if closes(with: UInt8(ascii: "]")) { return items }
        while true {
            items.append(current == UInt8(ascii: "{") ? .object(try members(depth: depth + 1)) : .other(try value(depth: depth + 1)))
            if try endOfElement(closing: UInt8(ascii: "]"), after: "an array element") { return items }
        }
    }

    /// Steps over an opening bracket and the space after it, refusing nesting beyond the limit.
    private mutating func open(depth: Int) throws(JSONSyntaxError) {
        guard depth < JSONTextReader.maximumDepth else { throw failure("objects and arrays are nested more than \(JSONTextReader.maximumDepth) deep") }
        position += 1
        skipSpace()
    }

    /// Steps over `bracket` when it comes next.
    private mutating func closes(with bracket: UInt8) -> Bool {
        guard current == bracket else { return false }
        position += 1
        return true
    }

    /// What may follow an element: a comma, or the closing bracket (true when the container
    /// ends). A comma before the closing bracket is forgiven: Pitwall has always taken it.
    private mutating func endOfElement(closing bracket: UInt8, after element: @autoclosure () -> String) throws(JSONSyntaxError) -> Bool {
        skipSpace()
        if current == UInt8(ascii: ",") {
            position += 1
            skipSpace()
            return closes(with: bracket)
        }
        if closes(with: bracket) { return true }
        throw failure("expected ',' or '\(Character(Unicode.Scalar(bracket)))' after \(element()), found \(currentDescription)")
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let start = position
        let length = word.utf8CodeUnitCount
        guard count - position >= length, memcmp(base + position, word.utf8Start, length) == 0 else {
            throw failure("unexpected \(currentDescription) where a value was expected (a string needs double quotes)", at: start)
        }
        position += length
    }
}
