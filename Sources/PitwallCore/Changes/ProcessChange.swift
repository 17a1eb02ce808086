import Foundation

/// A change to how the dealership works, as the team records it: a new first-text template, a
/// new send time, a new lead source's leads routed to the BDC, a new follow-up cadence. It
/// names the day it took effect, where (one store or all; one source, campaign or other
/// segment of leads, or all) and the figure it was meant to move. Pitwall then sets that
/// figure in the days since against as many days before (`ChangeReview`): the SOP's "monitor
/// performance improvements" after a change, with the rest of the group over the same days
/// beside it, so a month that lifted every store is not taken for the change's doing.
public struct ProcessChange: HandKeptRecord, Hashable, Sendable {
    public var id: String
    /// The local day the change took effect; neither window counts it.
    public var day: CivilDate
    /// The store changed, or nil for every store.
    public var store: StoreID?
    /// The leads changed: one value of a segment (`source: facebook`), or nil for all.
    public var segment: Segment?
    /// The figure the change was meant to move: a share of counts (`ProcessChange.figures`).
    public var figure: KPIKey
    /// What changed, in a line: "First text names the car they asked about".
    public var title: String
    public var note: String?
    /// The token's name that recorded it.
    public var recordedBy: String
    public var recordedAt: Timestamp

    public struct Segment: Hashable, Sendable {
        public var dimension: SegmentDimension
        public var value: String

        public init(dimension: SegmentDimension, value: String) {
            self.dimension = dimension
            self.value = value
        }
    }

    public init(
        id: String, day: CivilDate, store: StoreID?, segment: Segment?, figure: KPIKey, title: String, note: String?, recordedBy: String,
        recordedAt: Timestamp
    ) {
        self.id = id
        self.day = day
        self.store = store
        self.segment = segment
        self.figure = figure
        self.title = title
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// The figures a change can be judged on: shares of things counted one by one, whose
    /// change past chance follows from their counts.
    public static let figures: [KPIKey] = KPIKey.allCases.filter(\.isShareOfCounts)

    /// The lead attributes a change can be limited to.
    public static let segmentDimensions: [SegmentDimension] = [.source, .campaign, .region, .tier, .vehicleCondition, .agent]

    /// The longest title kept: a line, as a chart marks it.
    public static let longestTitle = 120
    public static let longestNote = 500

    public static let auditNoun = "change"

    /// "First text names the car (lkt, source facebook on 2026-03-01, lead_response_rate)"
    public var summary: String {
        let scope = (store?.rawValue ?? "every store") + (segment.map { ", \($0.dimension.rawValue) \($0.value)" } ?? "")
        return "\(title) (\(scope) on \(day), \(figure.rawValue))"
    }

    /// Why a change with these fields cannot be recorded, naming the field; nil when it can.
    /// `today`: the local day now where the change applies (a change is recorded once made);
    /// `knownStores`: the configured stores.
    public static func refusal(
        title: String?, day: String?, store: String?, segment: String?, segmentValue: String?, figure: String?, note: String?, today: CivilDate,
        knownStores: Set<StoreID>
    ) -> ParameterError? {
        guard let title, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            return ParameterError(name: "title", reason: "say what changed, in a line (\"First text names the car they asked about\")")
        }
        guard title.count <= longestTitle else { return ParameterError(name: "title", reason: "at most \(longestTitle) characters (this one has \(title.count))") }
        guard let day else { return ParameterError(name: "day", reason: "give the day the change took effect, as YYYY-MM-DD") }
        guard let date = CivilDate(iso: day) else { return ParameterError(name: "day", reason: "'\(day)' is not a date; use YYYY-MM-DD") }
        guard date <= today else { return ParameterError(name: "day", reason: "\(day) is after today (\(today)): record a change once it is made") }
        guard date.year >= 2000 else { return ParameterError(name: "day", reason: "\(day) is before 2000") }
        if let store, !store.isEmpty, !knownStores.contains(StoreID(store)) {
            return ParameterError(name: "store_id", reason: "'\(store)' is not a configured store; leave it out for a change at every store")
        }
        switch (segment.flatMap { $0.isEmpty ? nil : $0 }, segmentValue.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }) {
        case (nil, nil): break
        case (let dimension?, nil):
            return ParameterError(name: "segment_value", reason: "give the \(SegmentDimension(rawValue: dimension)?.words ?? dimension) the change applies to")
        case (nil, _?): return ParameterError(name: "segment", reason: "name what segment_value is: one of \(segmentDimensions.map(\.rawValue).joined(separator: ", "))")
        case (let dimension?, let value?):
            guard SegmentDimension(rawValue: dimension).map(segmentDimensions.contains) == true else {
                return ParameterError(name: "segment", reason: "'\(dimension)' is not one of \(segmentDimensions.map(\.rawValue).joined(separator: ", "))")
            }
            guard value.count <= 200 else { return ParameterError(name: "segment_value", reason: "at most 200 characters") }
        }
        guard let figure, !figure.isEmpty else {
            return ParameterError(name: "figure", reason: "name the figure the change should move: one of \(figures.map(\.rawValue).joined(separator: ", "))")
        }
        guard KPIKey(rawValue: figure).map(figures.contains) == true else {
            return ParameterError(name: "figure", reason: "'\(figure)' is not one of \(figures.map(\.rawValue).joined(separator: ", "))")
        }
        if let note, note.count > longestNote { return ParameterError(name: "note", reason: "at most \(longestNote) characters (this one has \(note.count))") }
        return nil
    }
}

extension ProcessChange: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, day, store, segment, figure, title, note
        case segmentValue = "segment_value"
        case recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let day = try container.decode(String.self, forKey: .day)
        let figure = try container.decode(String.self, forKey: .figure)
        guard let date = CivilDate(iso: day) else { throw DecodingError.dataCorruptedError(forKey: .day, in: container, debugDescription: "not a date: \(day)") }
        guard let key = KPIKey(rawValue: figure) else {
            throw DecodingError.dataCorruptedError(forKey: .figure, in: container, debugDescription: "not a KPI: \(figure)")
        }
        var segment: Segment?
        if let name = try container.decodeIfPresent(String.self, forKey: .segment) {
            guard let dimension = SegmentDimension(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .segment, in: container, debugDescription: "not a segment: \(name)")
            }
            segment = Segment(dimension: dimension, value: try container.decode(String.self, forKey: .segmentValue))
        }
        self.init(
            id: try container.decode(String.self, forKey: .id), day: date, store: try container.decodeIfPresent(String.self, forKey: .store).map { StoreID($0) },
            segment: segment, figure: key, title: try container.decode(String.self, forKey: .title), note: try container.decodeIfPresent(String.self, forKey: .note),
            recordedBy: try container.decode(String.self, forKey: .recordedBy),
            recordedAt: Timestamp(millisecondsSinceEpoch: try container.decode(Int64.self, forKey: .recordedAt)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(day.description, forKey: .day)
        try container.encodeIfPresent(store?.rawValue, forKey: .store)
        try container.encodeIfPresent(segment?.dimension.rawValue, forKey: .segment)
        try container.encodeIfPresent(segment?.value, forKey: .segmentValue)
        try container.encode(figure.rawValue, forKey: .figure)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encode(recordedBy, forKey: .recordedBy)
        try container.encode(recordedAt.millisecondsSinceEpoch, forKey: .recordedAt)
    }
}
