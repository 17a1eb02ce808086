import Hummingbird
import PitwallCore

/// `?source=`, `?agent=` and the like on an API read that can be narrowed to one segment of
/// leads, as the dashboard's filters are. Read rather than ignored: a list asked for one
/// source and answered for all would mislead without a word.
enum SegmentParameter {
    /// The segment named, if any; two at once, or one `allowed` does not take, is 400 naming it.
    static func parse(_ request: Request, allowed: [SegmentDimension], what: String) throws -> (dimension: SegmentDimension, value: String)? {
        let single: SegmentValue?
        do { single = try SegmentValue.single(SegmentValue.given(request.query)) } catch { throw APIError.badRequest(error.description) }
        guard let first = single.map({ ($0.dimension, $0.value) }) else { return nil }
        guard allowed.contains(first.0) else {
            throw APIError.badRequest("\(first.0.rawValue): \(what) is narrowed by \(allowed.map(\.rawValue).joined(separator: ", ")) only")
        }
        return first
    }
}

extension JSONWriter {
    /// The first members of an answer for a window's leads: the days, the store and the
    /// segment it was narrowed to, so a saved answer says what it is of.
    mutating func window(_ query: KPIQuery, segment: (dimension: SegmentDimension, value: String)?) {
        member("from", query.from.description)
        member("to", query.to.description)
        member("store", query.store)
        if let segment { member(segment.dimension.rawValue, segment.value) }
    }
}

extension JSONWriter {
    /// A plausible range as `{"min", "max"}`, or null when there is none.
    mutating func member(_ name: String, range: ClosedRange<Double>?) {
        key(name)
        guard let range else { return null() }
        beginObject()
        member("min", range.lowerBound)
        member("max", range.upperBound)
        endObject()
    }
}
