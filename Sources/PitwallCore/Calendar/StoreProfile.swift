import Foundation

/// A rooftop as configured: where it is (its time zone) and when it is open.
public struct StoreProfile: Hashable, Sendable {
    public var id: StoreID
    public var name: String
    public var timeZone: TimeZone
    public var hours: WeeklyHours
    public var holidays: Set<CivilDate>

    public init(id: StoreID, name: String? = nil, timeZone: TimeZone, hours: WeeklyHours = .alwaysOpen, holidays: Set<CivilDate> = []) {
        self.id = id
        self.name = name ?? id.rawValue
        self.timeZone = timeZone
        self.hours = hours
        self.holidays = holidays
    }

    /// What Pitwall assumes about a store missing from the configuration: UTC, open around the clock.
    public static func unconfigured(_ id: StoreID) -> StoreProfile {
        StoreProfile(id: id, timeZone: TimeZone(secondsFromGMT: 0)!)
    }

    public var calendar: BusinessCalendar { BusinessCalendar(store: self) }
}
