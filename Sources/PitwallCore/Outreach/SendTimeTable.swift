/// A part of the lead's day, on the store's clock: coarse enough that a source's texts fill
/// each part in a week, fine enough to schedule follow-ups by.
public enum DayPart: String, CaseIterable, Hashable, Sendable {
    case morning, afternoon, evening, night

    public init(hour: Int) {
        switch hour {
        case 6..<12: self = .morning
        case 12..<17: self = .afternoon
        case 17..<21: self = .evening
        default: self = .night
        }
    }

    /// "in the morning", "at night".
    public var phrase: String { self == .night ? "at night" : "in the \(rawValue)" }

    /// Its hours, as the page heads its column.
    public var hours: String {
        switch self {
        case .morning: "06:00–12:00"
        case .afternoon: "12:00–17:00"
        case .evening: "17:00–21:00"
        case .night: "21:00–06:00"
        }
    }
}

/// When templated messages are answered: by hour and weekday of sending on the store's clock,
/// and, for each lead source, by part of the day, with the best and worst part named when
/// they are clearly apart (the SOP's "best performing send times by lead source").
public struct SendTimeTable: Hashable, Sendable {
    /// Hours 0 to 23.
    public var byHour: [ReplyTally]
    /// Monday first.
    public var byWeekday: [ReplyTally]
    /// `[weekday][hour]`, Monday first: the heat map.
    public var byWeekdayAndHour: [[ReplyTally]]
    /// Busiest source first.
    public var sources: [SourceSendTimes]

    /// `localTime` gives a send's ISO weekday (1 = Monday) and hour on its store's clock.
    public init(_ sends: [TemplatedSend], localTime: (TemplatedSend) -> (isoWeekday: Int, hour: Int)) {
        byHour = Array(repeating: ReplyTally(), count: 24)
        byWeekday = Array(repeating: ReplyTally(), count: 7)
        byWeekdayAndHour = Array(repeating: Array(repeating: ReplyTally(), count: 24), count: 7)
        var bySource: [String: [ReplyTally]] = [:]
        for send in sends {
            let (weekday, hour) = localTime(send)
            byHour[hour].add(send)
            byWeekday[weekday - 1].add(send)
            byWeekdayAndHour[weekday - 1][hour].add(send)
            let part = DayPart.allCases.firstIndex(of: DayPart(hour: hour))!
            bySource[send.source ?? "", default: Array(repeating: ReplyTally(), count: DayPart.allCases.count)][part].add(send)
        }
        sources = bySource.map { SourceSendTimes(source: $0.key, dayParts: $0.value) }.sorted {
            $0.total.reached != $1.total.reached ? $0.total.reached > $1.total.reached : $0.source < $1.source
        }
    }
}

/// One source's texts by part of the day.
public struct SourceSendTimes: Hashable, Sendable {
    public var source: String
    /// In `DayPart.allCases` order.
    public var dayParts: [ReplyTally]

    public var total: ReplyTally {
        dayParts.reduce(into: ReplyTally()) { sum, part in
            sum.sent += part.sent
            sum.reached += part.reached
            sum.answered += part.answered
            sum.optedOut += part.optedOut
        }
    }

    public func tally(_ part: DayPart) -> ReplyTally { dayParts[DayPart.allCases.firstIndex(of: part)!] }

    /// The parts with enough texts to judge, best response rate first.
    var judged: [DayPart] {
        DayPart.allCases.filter { tally($0).isEnoughToJudge }.sorted { a, b in
            let (rateA, rateB) = (tally(a).responseRate ?? 0, tally(b).responseRate ?? 0)
            return rateA != rateB ? rateA > rateB : DayPart.allCases.firstIndex(of: a)! < DayPart.allCases.firstIndex(of: b)!
        }
    }

    /// The best part of the day to text this source's leads, when it is clearly better than
    /// the worst; nil when no two parts can be told apart.
    public var clearlyBest: (best: DayPart, worst: DayPart)? {
        let parts = judged
        guard let best = parts.first, let worst = parts.last, best != worst, tally(worst).isClearlyBelow(tally(best)) else { return nil }
        return (best, worst)
    }
}
