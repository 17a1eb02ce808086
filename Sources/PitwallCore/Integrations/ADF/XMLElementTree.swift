import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed XML document, with everything it held: a lead document's
/// elements Pitwall does not know are kept, not dropped.
public struct XMLElementNode: Hashable, Sendable {
    /// The name as written (`Prospect` and `prospect` are the same element to `child(_:)`).
    public var name: String
    public var attributes: [String: String]
    /// The text directly inside, trimmed.
    public var text: String
    public var children: [XMLElementNode]

    public init(name: String, attributes: [String: String] = [:], text: String = "", children: [XMLElementNode] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// Children with this name, any case.
    public func children(_ name: String) -> [XMLElementNode] {
        children.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    public func child(_ name: String) -> XMLElementNode? { children(name).first }

    /// The trimmed text of the first child with this name, when not empty.
    public func text(of name: String) -> String? {
        guard let text = child(name)?.text, !text.isEmpty else { return nil }
        return text
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The element as JSON: text alone when it has nothing else, otherwise an object of its
    /// attributes, its children (an array when a name repeats) and `text`.
    public var json: JSONValue {
        if attributes.isEmpty && children.isEmpty { return .string(text) }
        var object: [String: JSONValue] = [:]
        for (name, value) in attributes { object["@" + name] = .string(value) }
        var order: [String] = []
        var grouped: [String: [JSONValue]] = [:]
        for child in children {
            let key = child.name.lowercased()
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(child.json)
        }
        for key in order { object[key] = grouped[key]!.count == 1 ? grouped[key]![0] : .array(grouped[key]!) }
        if !text.isEmpty { object["text"] = .string(text) }
        return .object(object)
    }
}

/// Why a document could not be read, with where.
public struct XMLReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var column: Int?
    public var problem: String

    public var description: String {
        guard let line else { return problem }
        return "line \(line)\(column.map { ", column \($0)" } ?? ""): \(problem)"
    }
}

/// Reads an XML document into a tree, leniently where real senders slip and strictly where
/// safety needs it: no entity is ever expanded and no external file or URL is ever fetched.
public enum XMLElementTree {
    public static func read(_ data: Data) throws(XMLReadError) -> XMLElementNode {
        let repaired = try repair(data)
        let parser = XMLParser(data: repaired)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let builder = TreeBuilder()
        parser.delegate = builder
        let finished = parser.parse()
        if let refusal = builder.refusal { throw refusal }
        guard finished, let root = builder.root else {
            let reason = builder.failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "the document ended early"
            throw XMLReadError(line: parser.lineNumber > 0 ? parser.lineNumber : nil, column: parser.columnNumber > 0 ? parser.columnNumber : nil,
                               problem: "not well-formed XML (\(reason))")
        }
        return root
    }

    /// Mends what lead senders commonly get wrong and refuses entity declarations outright:
    /// a byte-order mark or blank lines before the XML declaration, the declaration after
    /// `<?adf version="1.0"?>`, and a bare `&` in text ("Smith & Sons").
    static func repair(_ data: Data) throws(XMLReadError) -> Data {
        var text = decodedText(data)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.range(of: "<!ENTITY", options: .caseInsensitive) != nil {
            throw XMLReadError(problem: "the document declares entities (<!ENTITY ...>); Pitwall never expands entities, so send the lead without them")
        }
        // The XML declaration is only allowed first: move it there (or drop it when the
        // instruction before it is all that is wrong).
        if let declaration = text.range(of: "<?xml ", options: .caseInsensitive), let end = text.range(of: "?>", range: declaration.upperBound..<text.endIndex) {
            if declaration.lowerBound != text.startIndex {
                let declarationText = String(text[declaration.lowerBound..<end.upperBound])
                text.removeSubrange(declaration.lowerBound..<end.upperBound)
                text = declarationText + "\n" + text.trimmingLeadingWhitespace
            }
        } else {
            text = text.trimmingLeadingWhitespace
        }
        return Data(escapingBareAmpersands(text).utf8)
    }

    /// The document as text, in the encoding its declaration names (older dealer systems still
    /// send ISO-8859-1 or Windows-1252), else UTF-8, else Windows-1252 when the bytes are not
    /// UTF-8 at all. The declaration is then made to say UTF-8, which is what is handed on.
    static func decodedText(_ data: Data) -> String {
        let head = String(decoding: data.prefix(256), as: UTF8.self).lowercased()
        var declared: String.Encoding?
        if let range = head.range(of: "encoding=") {
            let value = head[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
            switch value {
            case "iso-8859-1", "latin1", "latin-1", "iso8859-1": declared = .isoLatin1
            case "windows-1252", "cp1252": declared = .windowsCP1252
            case "us-ascii", "ascii": declared = .ascii
            default: declared = nil
            }
        }
        var text = declared.flatMap { String(data: data, encoding: $0) }
            ?? String(data: data, encoding: .utf8)
            ?? String(data: data, encoding: .windowsCP1252)
            ?? String(decoding: data, as: UTF8.self)
        if let declaration = text.range(of: #"encoding\s*=\s*["'][^"']*["']"#, options: [.regularExpression, .caseInsensitive]),
           text[..<declaration.lowerBound].contains("<?xml")
        {
            text.replaceSubrange(declaration, with: #"encoding="UTF-8""#)
        }
        return text
    }

    /// `&` not starting an entity or character reference becomes `&amp;`.
    static func escapingBareAmpersands(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "&" {
                let rest = text[text.index(after: index)...].prefix(12)
                if let semicolon = rest.firstIndex(of: ";"), isReference(rest[rest.startIndex..<semicolon]) {
                    result.append("&")
                } else {
                    result += "&amp;"
                }
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        return result
    }

    static func isReference(_ name: Substring) -> Bool {
        if name.hasPrefix("#x") { return name.count > 2 && name.dropFirst(2).allSatisfy(\.isHexDigit) }
        if name.hasPrefix("#") { return name.count > 1 && name.dropFirst().allSatisfy(\.isASCIIDigit) }
        return ["amp", "lt", "gt", "quot", "apos"].contains(name)
    }
}

/// Collects elements as the parser meets them; used by one parse on one thread.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLElementNode] = []
    var texts: [String] = []
    var root: XMLElementNode?
    var failure: String?
    var refusal: XMLReadError?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append(XMLElementNode(name: elementName, attributes: attributes))
        texts.append("")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !texts.isEmpty else { return }
        texts[texts.count - 1] += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !texts.isEmpty else { return }
        texts[texts.count - 1] += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard var element = stack.popLast(), let text = texts.popLast() else { return }
        element.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refusal = XMLReadError(line: parser.lineNumber, column: nil, problem: "the document declares the entity '\(name)'; Pitwall never expands entities")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        refusal = XMLReadError(line: parser.lineNumber, column: nil, problem: "the document declares the external entity '\(name)'; Pitwall never fetches outside files")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil { failure = (parseError as NSError).localizedDescription }
    }
}

extension StringProtocol {
    var trimmingLeadingWhitespace: String {
        String(drop(while: { $0.isWhitespace }))
    }
}
