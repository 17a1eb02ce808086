import Hummingbird
import PitwallCore

/// `?source=`, `?agent=` and the like on an API read that can be narrowed to one segment of
/// leads, as the dashboard's filters are. Read rather than ignored: a list asked for one
/// source and answered for all would mislead without a word.
enum SegmentParameter {
    /// The segment named, if any; two at once, or one `allowed` does not take, is 400 naming it.
    static func parse(_ request: Request, allowed: [SegmentDimension], what: String) throws -> (dimension: SegmentDimension, value: String)? {
        let given = ScorecardFilters.segmentDimensions.compactMap { dimension in request.query(dimension.rawValue).map { (dimension, $0) } }
        guard let first = given.first else { return nil }
        guard given.count == 1 else { throw APIError.badRequest("\(given[1].0.rawValue): narrow to one segment at a time (also given: \(first.0.rawValue))") }
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
