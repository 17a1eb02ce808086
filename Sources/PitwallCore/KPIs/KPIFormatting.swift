/// Numbers as people read them: "9.3%", "4 min 12 s", "$38,250".
public enum KPIFormatting {
    public static func value(_ value: Double?, unit: KPIUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        switch unit {
        case .ratio: return percent(value)
        case .seconds: return duration(seconds: value)
        case .currency: return dollars(value)
        case .messages, .score: return decimal(value, places: 1)
        // Two places: a store at 4.46 and one at 4.54 sit either side of a 4.5 target.
        case .rating: return decimal(value, places: 2) + " / 5"
        case .netScore: return signed(Int64(value.rounded()))
        }
    }

    /// "+42", "-8", "0": a Net Promoter Score as people quote it.
    static func signed(_ number: Int64) -> String {
        number > 0 ? "+\(number)" : "\(number)"
    }

    /// A gap: percentage points for ratios, signed for everything.
    public static func gap(_ gap: Double?, unit: KPIUnit) -> String {
        guard let gap else { return "–" }
        let shown: Double =
            switch unit {
            case .ratio: (gap * 1000).rounded() / 1000
            // An API's 300 ms against 276 ms is a change worth showing: whole seconds would hide it.
            case .seconds: abs(gap) < 1 ? (gap * 1000).rounded() / 1000 : gap.rounded()
            case .currency: gap.rounded()
            case .messages, .score: (gap * 10).rounded() / 10
            case .rating: (gap * 100).rounded() / 100
            case .netScore: gap.rounded()
            }
        if shown == 0 { return "0" }
        let sign = gap > 0 ? "+" : "-"
        switch unit {
        case .ratio:
            // Whole points without their ".0", as the figures beside them ("8%", "+50 pts").
            let points = (abs(gap) * 1000).rounded() / 10
            return "\(sign)\(decimal(points, places: points == points.rounded() ? 0 : 1)) pts"
        case .seconds: return sign + duration(seconds: abs(gap))
        case .currency: return sign + dollars(abs(gap))
        case .messages, .score: return sign + decimal(abs(gap), places: 1)
        case .rating: return sign + decimal(abs(gap), places: 2)
        case .netScore: return sign + "\(Int64(abs(gap).rounded())) pts"
        }
    }

    public static func target(_ target: KPITarget, unit: KPIUnit) -> String {
        switch (target.min, target.max) {
        case (let min?, let max?): "\(value(min, unit: unit)) – \(value(max, unit: unit))"
        case (let min?, nil): "≥ \(value(min, unit: unit))"
        case (nil, let max?): "≤ \(value(max, unit: unit))"
        case (nil, nil): "–"
        }
    }

    /// One decimal, dropped when it is zero: "9.3%", "8%", "95.6%".
    public static func percent(_ ratio: Double) -> String {
        let scaled = (ratio * 1000).rounded() / 10
        return decimal(scaled, places: scaled == scaled.rounded() ? 0 : 1) + "%"
    }

    /// "180 ms", "45 s", "4 min 12 s", "2 h 5 min", "3 d 4 h".
    public static func duration(seconds: Double) -> String {
        // Query and API times live below a second: "0.0 s" would hide them.
        if seconds > 0, seconds < 0.95 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return seconds < 10 && seconds != seconds.rounded() ? "\(decimal(seconds, places: 1)) s" : "\(Int(seconds.rounded())) s" }
        let total = Int(seconds.rounded())
        let days = total / 86_400
        let hours = total % 86_400 / 3600
        let minutes = total % 3600 / 60
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
        let rest = total % 60
        return rest > 0 ? "\(minutes) min \(rest) s" : "\(minutes) min"
    }

    public static func dollars(_ amount: Double) -> String {
        let whole = Int64(amount.rounded())
        return (whole < 0 ? "-$" : "$") + grouped(abs(whole))
    }

    public static func grouped(_ number: Int64) -> String {
        let digits = String(number)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(character)
        }
        return result
    }

    /// "a", "a and b", "a, b and c": items as a sentence names them.
    public static func spokenList(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// "1 lead", "2,140 leads": a count with its noun, singular for one.
    public static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(grouped(Int64(number))) \(number == 1 ? one : many)"
    }

    public static func decimal(_ value: Double, places: Int) -> String {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        if places == 0 { return String(Int64(rounded)) }
        let whole = Int64(rounded.magnitude)
        let fraction = Int64(((rounded.magnitude - Double(whole)) * factor).rounded())
        return (rounded < 0 ? "-" : "") + "\(whole).\(Int(fraction).zeroPadded(places))"
    }
}
