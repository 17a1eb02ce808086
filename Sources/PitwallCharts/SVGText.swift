/// The few pieces of SVG text every chart writes: escaped strings and short numbers.
enum SVGText {
    /// Escapes text for element content and attribute values alike.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A coordinate with at most two decimals and no trailing zeros: "12", "12.5", "-3.25".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int64((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100
        let fraction = abs(hundredths) % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The opening of a chart: sized, scalable, and announced to screen readers by `title`.
    static func open(width: Double, height: Double, title: String, kind: String) -> String {
        let size = "width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-\(kind)\" \(size) role=\"img\" aria-label=\"\(escape(title))\">"
            + "<title>\(escape(title))</title>"
    }

    /// What a chart with nothing to draw shows instead: the same box, saying so.
    static func empty(width: Double, height: Double, title: String, kind: String, message: String) -> String {
        open(width: width, height: height, title: title, kind: kind)
            + "<text class=\"no-data\" x=\"\(number(width / 2))\" y=\"\(number(height / 2))\" text-anchor=\"middle\" dominant-baseline=\"middle\" "
            + "font-size=\"12\" fill=\"#57606a\">\(escape(message))</text></svg>"
    }
}
