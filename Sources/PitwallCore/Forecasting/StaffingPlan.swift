/// What the BDC manager staffs for: a person takes `shareInTime` of new leads within
/// `answerWithinSeconds`, each lead taking `minutesPerLead` of an agent's time (the first call,
/// the texts, logging it). The defaults are the contact centre's usual 80 % within the hot
/// tier's five minutes; the dealership sets its own (`staffing:` in the configuration).
public struct StaffingTarget: Hashable, Sendable {
    public var minutesPerLead: Double = 10
    public var answerWithinSeconds: Double = 300
    public var shareInTime: Double = 0.8

    public init(minutesPerLead: Double = 10, answerWithinSeconds: Double = 300, shareInTime: Double = 0.8) {
        self.minutesPerLead = minutesPerLead
        self.answerWithinSeconds = answerWithinSeconds
        self.shareInTime = shareInTime
    }

    /// "80% of new leads answered by a person within 5 min, at 10 minutes of an agent's work a lead".
    public var words: String {
        let minutes = KPIFormatting.decimal(minutesPerLead, places: minutesPerLead == minutesPerLead.rounded() ? 0 : 1)
        return "\(KPIFormatting.percent(shareInTime)) of new leads answered by a person within \(KPIFormatting.duration(seconds: answerWithinSeconds)), "
            + "at \(minutes) minutes of an agent's work a lead"
    }
}

/// One open hour of a store's day ahead: the leads to expect, the agents they need (Erlang C)
/// and the agents the roster has on shift.
public struct StaffedHour: Hashable, Sendable {
    /// The store's local hour, 0-23.
    public let hour: Int
    /// Leads expected to need an agent that hour; the first open hour also has the night's.
    public let leads: Double
    public let needed: Int
    /// Agents on shift at the half hour; nil when the roster names no agent at the store.
    public let rostered: Int?

    public var isShort: Bool { rostered.map { $0 < needed } ?? false }
}

/// A store's open hours of one day ahead.
public struct StoreStaffing: Hashable, Sendable {
    public let store: StoreID
    public let hours: [StaffedHour]

    /// The most agents any hour needs.
    public var mostNeeded: Int { hours.map(\.needed).max() ?? 0 }

    /// Runs of hours the roster leaves short, as half-open local hour ranges.
    public var shortSpans: [Range<Int>] {
        var spans: [Range<Int>] = []
        for hour in hours where hour.isShort {
            if let last = spans.last, last.upperBound == hour.hour {
                spans[spans.count - 1] = last.lowerBound..<(hour.hour + 1)
            } else {
                spans.append(hour.hour..<(hour.hour + 1))
            }
        }
        return spans
    }

    /// The open hours of `date` at `store`, each with the leads its weekday's pace brings
    /// (`perHour`: 24 means of that weekday, already scaled for a holiday) and the agents
    /// they need. Leads that come while the store is closed wait for it to open: those of the
    /// night before (`nightBefore`, from the previous closing to midnight), of the small hours
    /// and of a closed gap in the day are added to the next open hour, where agents meet them.
    /// A day the store is closed has no hours.
    public static func plan(
        date: CivilDate, store: StoreProfile, perHour: [Double], nightBefore: Double, roster: AgentRoster, target: StaffingTarget
    ) -> StoreStaffing {
        let open = halfHoursOpen(store, on: date)
        let shifts = roster.agents(at: store.id).map { halfHoursOpen($0.schedule(in: store).store, on: date) }
        var waiting = nightBefore
        var arriving = [Double](repeating: 0, count: 24)
        for hour in 0..<24 {
            if open[hour] {
                arriving[hour] = perHour[hour] + waiting
                waiting = 0
            } else {
                waiting += perHour[hour]
            }
        }
        let hours = (0..<24).filter { open[$0] }.map { hour in
            let leads = arriving[hour]
            let queue = ErlangC(leadsPerHour: leads, minutesPerLead: target.minutesPerLead)
            return StaffedHour(
                hour: hour, leads: leads, needed: queue.agentsNeeded(within: target.answerWithinSeconds, share: target.shareInTime),
                rostered: shifts.isEmpty ? nil : shifts.filter { $0[hour] }.count)
        }
        return StoreStaffing(store: store.id, hours: hours)
    }

    /// The leads of `perHour` from the store's last open hour on `date` to midnight: the night
    /// that waits for the next opening. All of them on a day it does not open.
    public static func night(after date: CivilDate, store: StoreProfile, perHour: [Double]) -> Double {
        let after = (halfHoursOpen(store, on: date).lastIndex(of: true) ?? -1) + 1
        return perHour[after...].reduce(0, +)
    }

    /// Whether `hours` (a store's, or an agent's shifts and days off) are open at each local
    /// hour's half past on `date`, the day before's overnight interval included. On the local
    /// clock, without instants: a thousand times a page, the instants' time zone arithmetic
    /// was a third of the outlook's time.
    static func halfHoursOpen(_ hours: StoreProfile, on date: CivilDate) -> [Bool] {
        let today = hours.openings(on: date)
        let overnight = hours.openings(on: date.adding(days: -1)).filter { $0.endMinute > 1_440 }
        return (0..<24).map { hour in
            let minute = hour * 60 + 30
            return today.contains { $0.startMinute <= minute && minute < $0.endMinute }
                || overnight.contains { minute + 1_440 < $0.endMinute }
        }
    }
}

/// An open span of hours the roster leaves short of the agents its leads need.
public struct StaffingGap: Hashable, Sendable {
    public let date: CivilDate
    public let store: StoreID
    /// Local hours, half-open.
    public let span: Range<Int>
    /// The most agents an hour of the span needs, and the fewest on shift.
    public let needed: Int
    public let rostered: Int

    /// "09:00–10:00".
    public var hours: String { "\(span.lowerBound.zeroPadded(2)):00–\(span.upperBound.zeroPadded(2)):00" }

    /// "Mon 7 Dec 2026 09:00–10:00 at Riverside Chevrolet (8 needed, 6 on shift)"; without
    /// the day where the reader's day is the gap's.
    public func words(storeName: (StoreID) -> String, withDate: Bool = true) -> String {
        let day = withDate ? "\(LocalTimeFormatting.weekdayNames[date.isoWeekday - 1]) \(LocalTimeFormatting.longDate(date)) " : ""
        return day + "\(hours) at \(storeName(store)) (\(needed) needed, \(rostered) on shift)"
    }

    /// Every short span of `days`, the largest gap first, then the earliest.
    public static func all(_ days: some Sequence<DayOutlook>) -> [StaffingGap] {
        days.flatMap { day in day.staffing.flatMap { $0.gaps(on: day.date) } }
            .sorted { ($0.needed - $0.rostered, $1.date) > ($1.needed - $1.rostered, $0.date) }
    }
}

extension StoreStaffing {
    /// The short spans of this day (`date`), in the day's order, each with its most needed
    /// and fewest on shift.
    public func gaps(on date: CivilDate) -> [StaffingGap] {
        shortSpans.map { span in
            let inSpan = hours.filter { span.contains($0.hour) }
            return StaffingGap(
                date: date, store: store, span: span, needed: inSpan.map(\.needed).max() ?? 0, rostered: inSpan.compactMap(\.rostered).min() ?? 0)
        }
    }
}
