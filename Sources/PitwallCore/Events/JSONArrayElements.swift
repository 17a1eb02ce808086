/// Finds where each element of one large JSON array begins and ends, piece by piece as a file
/// is read, without reading the elements themselves. A file that is one array of a year's
/// events can then be imported in batches, like NDJSON, instead of held whole (300,000 events
/// took 900 MB that way), and each event is read on its own: one that is not valid JSON is
/// refused by its number while the rest are kept. Only strings and nesting are followed;
/// whether an element is valid JSON is for its own reading to say.
public struct JSONArrayElements: Sendable {
    /// Complete elements found and not yet taken, as byte ranges of the text scanned (an
    /// element that is empty, as between two commas, is an empty range where it stands).
    public private(set) var found: [Range<Int>] = []
    /// What is wrong with the array as a whole, once the text has ended.
    public private(set) var problems: [String] = []

    private var position = 0
    private var opened = false
    private var closed = false
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var elementStart: Int?
    private var elementEnd = 0
    private var textAfterEnd: Int?
    /// Bytes dropped so far, for positions in the whole file.
    private var dropped = 0

    /// What the text is called in `problems`: a "file", a request's "body".
    let whole: String

    public init(whole: String = "file") {
        self.whole = whole
    }

    /// Looks at the bytes of `text` it has not seen yet; `text` is everything not yet dropped.
    public mutating func scan(_ text: UnsafeRawBufferPointer) {
        while position < text.count {
            let byte = text[position]
            defer { position += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    elementEnd = position + 1
                }
                continue
            }
            if Self.isSpace(byte) { continue }
            if closed {
                if textAfterEnd == nil { textAfterEnd = position }
                continue
            }
            if !opened {
                // The caller saw '[' first; a byte-order mark may come before it.
                if byte == UInt8(ascii: "[") { opened = true }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                guard depth == 0 else { break }
                found.append(elementStart.map { $0..<elementEnd } ?? position..<position)
                elementStart = nil
                continue
            case UInt8(ascii: "]") where depth == 0:
                // A comma before the closing bracket is forgiven, as in a request body.
                if let start = elementStart { found.append(start..<elementEnd) }
                elementStart = nil
                closed = true
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth = max(depth - 1, 0)
            case UInt8(ascii: "\""):
                inString = true
            default:
                break
            }
            if elementStart == nil { elementStart = position }
            elementEnd = position + 1
        }
    }

    /// The text has ended: an element cut off by the end is found as it stands, and what is
    /// wrong with the array as a whole is said in `problems`.
    public mutating func finish() {
        if let start = elementStart, !closed {
            // Cut off inside a string, the element runs to the end of the text.
            found.append(start..<(inString ? position : elementEnd))
            elementStart = nil
        }
        if opened, !closed {
            problems.append("the \(whole) ends before the array's closing ']': it may have been cut short, so check that every event arrived")
        }
        if let after = textAfterEnd {
            problems.append("the \(whole) goes on after the array's closing ']' (at byte \(after + dropped + 1)); that text was not read")
        }
        textAfterEnd = nil
        closed = true
    }

    /// Takes the first `count` elements found (all when fewer), as ranges of the text scanned.
    public mutating func take(_ count: Int) -> [Range<Int>] {
        let taken = Array(found.prefix(count))
        found.removeFirst(taken.count)
        return taken
    }

    /// The first `count` bytes of the text were dropped: what follows moves back by that much.
    public mutating func drop(_ count: Int) {
        position -= count
        elementStart = elementStart.map { $0 - count }
        elementEnd -= count
        textAfterEnd = textAfterEnd.map { $0 - count }
        found = found.map { ($0.lowerBound - count)..<($0.upperBound - count) }
        dropped += count
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
