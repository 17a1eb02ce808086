import Foundation

/// A step of the agents' work that holds their leads up, as an agent (or the BDC manager,
/// from the team meeting) reported it: "re-typing the lead into the DMS costs me 4 minutes a
/// lead". Seed 004's "use agent feedback to revise workflows that create unnecessary delays,
/// such as redundant data entry steps": Pitwall adds up what each step costs the store a week
/// (`DelayReview`) and, once the fix is recorded as a change, whether pick-up moved since.
public struct ReportedDelay: HandKeptRecord, Hashable, Sendable {
    public var id: String
    public var store: StoreID
    /// The agent who reported it, as the events carry their id; nil when the team did.
    public var agent: String?
    /// The store's local day it was reported.
    public var day: CivilDate
    /// The step, in a line: "Re-typing the lead into the DMS".
    public var step: String
    /// Minutes the step costs each lead it touches.
    public var minutes: Double
    /// The share of the agents' leads the step touches (a trade-in appraisal only those with
    /// a trade-in): 1 for every lead.
    public var share: Double
    /// The recorded change (`/changes`) that removes or shortens the step, once there is one.
    public var change: String?
    public var note: String?
    /// The token's name that recorded it.
    public var recordedBy: String
    public var recordedAt: Timestamp

    public init(
        id: String, store: StoreID, agent: String?, day: CivilDate, step: String, minutes: Double, share: Double, change: String?, note: String?,
        recordedBy: String, recordedAt: Timestamp
    ) {
        self.id = id
        self.store = store
        self.agent = agent
        self.day = day
        self.step = step
        self.minutes = minutes
        self.share = share
        self.change = change
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    public static let longestStep = 120
    public static let longestNote = 500
    /// A step that costs more than a working half-day a lead is a mistyped figure, not a delay.
    public static let mostMinutes = 240.0

    public static let auditNoun = "delay"

    /// "Re-typing the lead into the DMS (lkt, agent-7 on 2026-11-05, 4 min on 100% of leads)"
    public var summary: String {
        let lost = KPIFormatting.decimal(minutes, places: minutes == minutes.rounded() ? 0 : 1)
        return "\(step) (\(store.rawValue), \(agent ?? "the team") on \(day), \(lost) min on \(Int((share * 100).rounded()))% of leads)"
    }

    /// The key steps are grouped by: the same words whatever their case, spacing or closing stop.
    public var stepKey: String { Self.key(of: step) }

    public static func key(of step: String) -> String {
        step.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ".!;:, "))
    }

    /// Why a report with these fields cannot be recorded, naming the field; nil when it can.
    /// `today`: the store's local day now; `knownStores`: the configured stores.
    public static func refusal(
        store: String?, agent: String?, day: String?, step: String?, minutes: String?, share: String?, note: String?, today: CivilDate,
        knownStores: Set<StoreID>
    ) -> ParameterError? {
        guard let store, !store.isEmpty else { return ParameterError(name: "store_id", reason: "give the store whose agents lose the time") }
        guard knownStores.contains(StoreID(store)) else { return ParameterError(name: "store_id", reason: "'\(store)' is not a configured store") }
        if let agent, agent.count > 200 { return ParameterError(name: "agent", reason: "an agent id is at most 200 characters") }
        guard let step, !step.trimmingCharacters(in: .whitespaces).isEmpty else {
            return ParameterError(name: "step", reason: "say which step holds leads up, in a line (\"Re-typing the lead into the DMS\")")
        }
        guard step.count <= longestStep else { return ParameterError(name: "step", reason: "at most \(longestStep) characters (this one has \(step.count))") }
        guard let minutes, !minutes.isEmpty else { return ParameterError(name: "minutes", reason: "give the minutes the step costs each lead it touches") }
        guard let lost = Double(minutes.trimmingCharacters(in: .whitespaces)), lost.isFinite else {
            return ParameterError(name: "minutes", reason: "'\(minutes)' is not a number of minutes")
        }
        guard lost > 0, lost <= mostMinutes else {
            return ParameterError(name: "minutes", reason: "\(minutes) is not between 0 and \(Int(mostMinutes)) minutes a lead")
        }
        if let share, !share.isEmpty {
            guard let part = Double(share.trimmingCharacters(in: .whitespaces)), part.isFinite else {
                return ParameterError(name: "share", reason: "'\(share)' is not a fraction; give the share of leads the step touches, 0.25 for a quarter")
            }
            guard part > 0, part <= 1 else { return ParameterError(name: "share", reason: "\(share) is not above 0 and at most 1 (a fraction: 0.25 for a quarter)") }
        }
        guard let day else { return ParameterError(name: "day", reason: "give the day it was reported, as YYYY-MM-DD") }
        guard let date = CivilDate(iso: day) else { return ParameterError(name: "day", reason: "'\(day)' is not a date; use YYYY-MM-DD") }
        guard date <= today else { return ParameterError(name: "day", reason: "\(day) is after today (\(today)) at that store") }
        guard date.year >= 2000 else { return ParameterError(name: "day", reason: "\(day) is before 2000") }
        if let note, note.count > longestNote { return ParameterError(name: "note", reason: "at most \(longestNote) characters (this one has \(note.count))") }
        return nil
    }
}

extension ReportedDelay: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, store, agent, day, step, minutes, share, change, note
        case recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let day = try container.decode(String.self, forKey: .day)
        guard let date = CivilDate(iso: day) else { throw DecodingError.dataCorruptedError(forKey: .day, in: container, debugDescription: "not a date: \(day)") }
        self.init(
            id: try container.decode(String.self, forKey: .id), store: StoreID(try container.decode(String.self, forKey: .store)),
            agent: try container.decodeIfPresent(String.self, forKey: .agent), day: date, step: try container.decode(String.self, forKey: .step),
            minutes: try container.decode(Double.self, forKey: .minutes), share: try container.decode(Double.self, forKey: .share),
            change: try container.decodeIfPresent(String.self, forKey: .change), note: try container.decodeIfPresent(String.self, forKey: .note),
            recordedBy: try container.decode(String.self, forKey: .recordedBy),
            recordedAt: Timestamp(millisecondsSinceEpoch: try container.decode(Int64.self, forKey: .recordedAt)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(store.rawValue, forKey: .store)
        try container.encodeIfPresent(agent, forKey: .agent)
        try container.encode(day.description, forKey: .day)
        try container.encode(step, forKey: .step)
        try container.encode(minutes, forKey: .minutes)
        try container.encode(share, forKey: .share)
        try container.encodeIfPresent(change, forKey: .change)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encode(recordedBy, forKey: .recordedBy)
        try container.encode(recordedAt.millisecondsSinceEpoch, forKey: .recordedAt)
    }
}
