import Foundation

/// One coaching session as the BDC manager records it: which agent, on what day, on which of
/// their figures. Pitwall then sets that figure in the days since against as many days before
/// (`CoachingReview`): the SOP's training effectiveness review, on the day coaching happened
/// rather than on a calendar month.
public struct CoachingSession: HandKeptRecord, Hashable, Sendable {
    public var id: String
    public var store: StoreID
    /// The agent id, as the events carry it.
    public var agent: String
    /// The store's local day the coaching happened; neither window counts it.
    public var day: CivilDate
    /// The figure the coaching worked on: one of `CoachingSession.focuses`.
    public var focus: KPIKey
    public var note: String?
    /// The token's name that recorded it.
    public var recordedBy: String
    public var recordedAt: Timestamp

    public init(
        id: String, store: StoreID, agent: String, day: CivilDate, focus: KPIKey, note: String?, recordedBy: String, recordedAt: Timestamp
    ) {
        self.id = id
        self.store = store
        self.agent = agent
        self.day = day
        self.focus = focus
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// The figures coaching can work on: the shares an agent's own work moves, as the team
    /// review compares them.
    public static let focuses: [KPIKey] = TeamReview.comparedKeys

    /// The longest note kept; a coaching log is a line, not a report.
    public static let longestNote = 500

    public static let auditNoun = "coaching"

    /// "maria at lkt on 2026-03-01, agent_pickup_within_sla"
    public var summary: String { "\(agent) at \(store.rawValue) on \(day), \(focus.rawValue)" }

    /// Why a session with these fields cannot be recorded, naming the field; nil when it can.
    /// `today`: the store's local day now (coaching is recorded after it happened, never
    /// before); `knownStores`: the configured stores.
    public static func refusal(
        store: String?, agent: String?, day: String?, focus: String?, note: String?, today: CivilDate, knownStores: Set<StoreID>
    ) -> ParameterError? {
        guard let store, !store.isEmpty else { return ParameterError(name: "store_id", reason: "give the store the agent works at") }
        guard knownStores.contains(StoreID(store)) else { return ParameterError(name: "store_id", reason: "'\(store)' is not a configured store") }
        guard let agent, !agent.trimmingCharacters(in: .whitespaces).isEmpty else {
            return ParameterError(name: "agent", reason: "give the agent's id, as their leads' events carry it")
        }
        guard agent.count <= 200 else { return ParameterError(name: "agent", reason: "an agent id is at most 200 characters") }
        guard let day else { return ParameterError(name: "day", reason: "give the day of the coaching, as YYYY-MM-DD") }
        guard let date = CivilDate(iso: day) else { return ParameterError(name: "day", reason: "'\(day)' is not a date; use YYYY-MM-DD") }
        guard date <= today else { return ParameterError(name: "day", reason: "\(day) is after today (\(today)) at that store: record coaching once it happened") }
        guard date.year >= 2000 else { return ParameterError(name: "day", reason: "\(day) is before 2000") }
        if let focus, KPIKey(rawValue: focus).map(focuses.contains) != true {
            return ParameterError(name: "focus", reason: "'\(focus)' is not one of \(focuses.map(\.rawValue).joined(separator: ", "))")
        }
        if let note, note.count > longestNote { return ParameterError(name: "note", reason: "at most \(longestNote) characters (this one has \(note.count))") }
        return nil
    }
}

extension CoachingSession: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, store, agent, day, focus, note
        case recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let day = try container.decode(String.self, forKey: .day)
        let focus = try container.decode(String.self, forKey: .focus)
        guard let date = CivilDate(iso: day) else { throw DecodingError.dataCorruptedError(forKey: .day, in: container, debugDescription: "not a date: \(day)") }
        guard let key = KPIKey(rawValue: focus) else {
            throw DecodingError.dataCorruptedError(forKey: .focus, in: container, debugDescription: "not a KPI: \(focus)")
        }
        self.init(
            id: try container.decode(String.self, forKey: .id), store: StoreID(try container.decode(String.self, forKey: .store)),
            agent: try container.decode(String.self, forKey: .agent), day: date, focus: key, note: try container.decodeIfPresent(String.self, forKey: .note),
            recordedBy: try container.decode(String.self, forKey: .recordedBy),
            recordedAt: Timestamp(millisecondsSinceEpoch: try container.decode(Int64.self, forKey: .recordedAt)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(store.rawValue, forKey: .store)
        try container.encode(agent, forKey: .agent)
        try container.encode(day.description, forKey: .day)
        try container.encode(focus.rawValue, forKey: .focus)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encode(recordedBy, forKey: .recordedBy)
        try container.encode(recordedAt.millisecondsSinceEpoch, forKey: .recordedAt)
    }
}
