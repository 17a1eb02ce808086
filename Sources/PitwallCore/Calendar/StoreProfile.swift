import Foundation

/// A rooftop as configured: where it is (its time zone) and when it is open.
public struct StoreProfile: Hashable, Sendable {
    public var id: StoreID
    public var name: String
    public var timeZone: TimeZone { didSet { calendarVersion = Self.version(timeZone, hours, holidays, overrides) } }
    public var hours: WeeklyHours { didSet { calendarVersion = Self.version(timeZone, hours, holidays, overrides) } }
    /// Days the store is closed all day.
    public var holidays: Set<CivilDate> { didSet { calendarVersion = Self.version(timeZone, hours, holidays, overrides) } }
    /// Days with other hours than usual (Christmas Eve until 14:00, a Sunday sale); they win
    /// over both the weekly hours and the holidays.
    public var overrides: [CivilDate: [OpeningInterval]] { didSet { calendarVersion = Self.version(timeZone, hours, holidays, overrides) } }

    /// Names this exact calendar (zone, hours, holidays, overrides), so a duration can say
    /// which calendar produced it and be recomputed when the calendar changes. Kept with the
    /// fields rather than computed on each read: every lead the speed-to-lead views judge
    /// carries it, and building it took a tenth of the `/sla` page's time.
    public private(set) var calendarVersion: String

    public init(
        id: StoreID, name: String? = nil, timeZone: TimeZone, hours: WeeklyHours = .alwaysOpen, holidays: Set<CivilDate> = [],
        overrides: [CivilDate: [OpeningInterval]] = [:]
    ) {
        self.id = id
        self.name = name ?? id.rawValue
        self.timeZone = timeZone
        self.hours = hours
        self.holidays = holidays
        self.overrides = overrides
        self.calendarVersion = Self.version(timeZone, hours, holidays, overrides)
    }

    /// The store's openings on one local date.
    public func openings(on date: CivilDate) -> [OpeningInterval] {
        if let special = overrides[date] { return special }
        if holidays.contains(date) { return [] }
        return hours.intervals(isoWeekday: date.isoWeekday)
    }

    private static func version(
        _ timeZone: TimeZone, _ hours: WeeklyHours, _ holidays: Set<CivilDate>, _ overrides: [CivilDate: [OpeningInterval]]
    ) -> String {
        var text = timeZone.identifier
        for day in hours.days { text += "|" + day.map(\.description).joined(separator: ",") }
        text += "|h:" + holidays.sorted().map(\.description).joined(separator: ",")
        text += "|o:" + overrides.keys.sorted().map { "\($0)=\(overrides[$0]!.map(\.description).joined(separator: ","))" }.joined(separator: ";")
        return "cal-" + String(StableHash.fnv1a(text), radix: 16)
    }

    /// What Pitwall assumes about a store missing from the configuration: UTC, open around the clock.
    public static func unconfigured(_ id: StoreID) -> StoreProfile {
        StoreProfile(id: id, timeZone: TimeZone(secondsFromGMT: 0)!)
    }

    public var calendar: BusinessCalendar { BusinessCalendar(store: self) }
}
