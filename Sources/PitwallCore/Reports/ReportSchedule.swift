/// One scheduled report: its kind, the local time it goes out and the notification channels
/// it goes to. A channel that serves some stores gets each of those stores' own report, sent
/// on that store's clock; a channel for the whole group gets the group's, on the clock of the
/// group's first store.
public struct ReportSchedule: Hashable, Sendable {
    public var kind: ReportKind
    /// Minutes after local midnight.
    public var minute: Int
    /// Names of `notifications.channels`.
    public var channels: [String]

    public init(kind: ReportKind, minute: Int? = nil, channels: [String]) {
        self.kind = kind
        self.minute = minute ?? kind.defaultMinute
        self.channels = channels
    }

    /// The latest time this report was due at or before `now` on `calendar`, with the local
    /// date it went out on. Nil only for a calendar that never reaches the report's day,
    /// which a real one always does within a few weeks.
    public func latestSending(atOrBefore now: Timestamp, calendar: BusinessCalendar) -> ReportSending? {
        let (today, minuteNow) = calendar.localTime(of: now)
        var date = minuteNow >= minute ? today : today.adding(days: -1)
        for _ in 0..<40 {
            if kind.goesOut(on: date) {
                let at = calendar.instant(of: date, minute: minute)
                // On a day whose clock skips the hour, the instant may fall after `now`: the day before's stands.
                if at <= now { return ReportSending(kind: kind, date: date, at: at) }
            }
            date = date.adding(days: -1)
        }
        return nil
    }
}

/// One report going out: the date it goes out on and the instant.
public struct ReportSending: Hashable, Sendable {
    public var kind: ReportKind
    public var date: CivilDate
    public var at: Timestamp

    public init(kind: ReportKind, date: CivilDate, at: Timestamp) {
        self.kind = kind
        self.date = date
        self.at = at
    }

    /// The days it covers.
    public var period: ClosedRange<CivilDate> { kind.lastWholePeriod(today: date) }

    /// Whether it may still go out at `now`, or is too late to be worth reading.
    public func isStillWorthSending(at now: Timestamp) -> Bool {
        at.millisecondsSinceEpoch + kind.latenessAllowedSeconds * 1000 >= now.millisecondsSinceEpoch
    }
}

/// `reports:` of the configuration: which reports go out, when, and where.
public struct ReportSettings: Hashable, Sendable {
    public var schedules: [ReportSchedule]

    public init(schedules: [ReportSchedule] = []) {
        self.schedules = schedules
    }

    public var isEmpty: Bool { schedules.isEmpty }
}
