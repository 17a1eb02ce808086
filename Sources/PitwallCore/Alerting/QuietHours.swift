import Foundation

/// The hours a channel is not to be woken (a BDC's group chat at night). Warnings wait for
/// the morning; critical alerts still go through unless the channel holds them too.
public struct QuietHours: Hashable, Sendable {
    /// Minutes of the local day; `start > end` spans midnight (22:00 to 07:00).
    public var startMinute: Int
    public var endMinute: Int
    public var timeZone: TimeZone
    /// Whether critical alerts are held as well.
    public var holdsCritical: Bool

    public init(startMinute: Int, endMinute: Int, timeZone: TimeZone, holdsCritical: Bool = false) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.timeZone = timeZone
        self.holdsCritical = holdsCritical
    }

    public func isQuiet(at instant: Timestamp) -> Bool {
        let minute = BusinessCalendar(store: StoreProfile(id: "quiet-hours", timeZone: timeZone)).localTime(of: instant).minute
        if startMinute == endMinute { return false }
        return startMinute < endMinute ? (startMinute..<endMinute).contains(minute) : minute >= startMinute || minute < endMinute
    }

    /// Whether a notice of this severity waits at `instant`.
    public func holds(_ severity: AlertSeverity?, at instant: Timestamp) -> Bool {
        guard isQuiet(at: instant) else { return false }
        return holdsCritical || severity != .critical
    }
}
