import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A chart's SVG read back by Foundation's XML parser: proof that it is well-formed XML, and
/// the elements with their attributes, for checking where things were drawn.
struct SVGDocument {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String

        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    }

    var elements: [Element] = []

    /// Nil, with the parser's complaint recorded, when the text is not well-formed.
    init(parsing text: String) throws {
        let collector = Collector()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = collector
        guard parser.parse() else { throw MalformedSVG(reason: parser.parserError.map { "\($0)" } ?? "unknown", text: text) }
        elements = collector.elements
    }

    func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { element in
            element.name == name && (className.map { (element.attributes["class"] ?? "").split(separator: " ").contains(Substring($0)) } ?? true)
        }
    }

    var root: Element? { elements.first }

    struct MalformedSVG: Error, CustomStringConvertible {
        var reason: String
        var text: String
        var description: String { "not well-formed SVG (\(reason)): \(text.prefix(300))" }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(name: name, attributes: attributes, text: ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }
    }
}
