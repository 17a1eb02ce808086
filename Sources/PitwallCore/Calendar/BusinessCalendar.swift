import Foundation

/// Turns a store's local opening hours into instants: when it opens, whether it is open,
/// how much open time lies between two instants. Handles time zones and DST through the
/// store's IANA zone.
public struct BusinessCalendar: Sendable {
    public let store: StoreProfile

    public init(store: StoreProfile) {
        self.store = store
    }

    /// The local calendar date of an instant.
    public func localDate(of instant: Timestamp) -> CivilDate {
        localTime(of: instant).date
    }

    /// The local date and the minute of that day (0 ... 1439) of an instant.
    public func localTime(of instant: Timestamp) -> (date: CivilDate, minute: Int) {
        let offset = Int64(store.timeZone.secondsFromGMT(for: instant.date)) * 1000
        let wall = instant.millisecondsSinceEpoch + offset
        let day = wall.floorDivided(by: Timestamp.millisecondsPerDay)
        return (CivilDate(daysSinceEpoch: day), Int((wall - day * Timestamp.millisecondsPerDay) / 60_000))
    }

    /// The instant a local wall-clock time happens. A time skipped by a DST change moves
    /// forward by the length of the gap (02:30 becomes 03:30), as calendars and java.time do;
    /// a repeated time maps to its first occurrence.
    public func instant(of date: CivilDate, minute: Int) -> Timestamp {
        let wall = (date.daysSinceEpoch * 1440 + Int64(minute)) * 60_000
        let zone = store.timeZone
        func offset(at instant: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Timestamp(millisecondsSinceEpoch: instant).date)) * 1000 }
        // The offsets in force two days either side: clocks never change twice in four days.
        let before = offset(at: wall - 2 * Timestamp.millisecondsPerDay)
        let after = offset(at: wall + 2 * Timestamp.millisecondsPerDay)
        // A wall time happens at wall - offset for whichever offset is in force then: both in
        // a repeated hour (the earlier counts), one on an ordinary day, neither in a skipped hour.
        let happens = [wall - before, wall - after].filter { wall - $0 == offset(at: $0) }
        if let first = happens.min() { return Timestamp(millisecondsSinceEpoch: first) }
        // Skipped: read with the offset from before the jump, it lands as far past the jump as
        // the time was into the gap.
        return Timestamp(millisecondsSinceEpoch: wall - before)
    }

    /// The start of a local day.
    public func startOfDay(_ date: CivilDate) -> Timestamp { instant(of: date, minute: 0) }

    /// Open intervals (half-open `[start, end)`) that overlap `[from, to)`, clipped to it, in order.
    public func openIntervals(from: Timestamp, to: Timestamp) -> [Range<Timestamp>] {
        guard from < to else { return [] }
        var result: [Range<Timestamp>] = []
        // Start a day early: yesterday's night shift may still be running at `from`.
        var date = localDate(of: from).adding(days: -1)
        let lastDate = localDate(of: to)
        while date <= lastDate {
            for interval in store.openings(on: date) {
                let start = Swift.max(instant(of: date, minute: interval.startMinute), from)
                let end = Swift.min(instant(of: date, minute: interval.endMinute), to)
                if start < end { append(start..<end, to: &result) }
            }
            date = date.adding(days: 1)
        }
        return result
    }

    public func isOpen(at instant: Timestamp) -> Bool {
        !openIntervals(from: instant, to: instant.adding(milliseconds: 1)).isEmpty
    }

    /// `instant` itself when the store is open then, else the next opening within `horizonDays`.
    public func nextOpening(atOrAfter instant: Timestamp, horizonDays: Int = 31) -> Timestamp? {
        let horizon = instant.adding(milliseconds: Int64(horizonDays) * Timestamp.millisecondsPerDay)
        return openIntervals(from: instant, to: horizon).first?.lowerBound
    }

    /// The instant at which `seconds` of open time have passed since `start`, searching at
    /// most `horizonDays` ahead; nil if the store is not open that long in that time.
    public func instant(after start: Timestamp, openSeconds seconds: Double, horizonDays: Int = 62) -> Timestamp? {
        var remaining = Int64((seconds * 1000).rounded())
        guard remaining > 0 else { return nextOpening(atOrAfter: start, horizonDays: horizonDays) ?? start }
        var from = start
        let horizon = start.adding(milliseconds: Int64(horizonDays) * Timestamp.millisecondsPerDay)
        // A day first (most answers lie within it), then a week at a time.
        var step = Timestamp.millisecondsPerDay
        while from < horizon {
            let to = Swift.min(from.adding(milliseconds: step), horizon)
            step = 7 * Timestamp.millisecondsPerDay
            for interval in openIntervals(from: from, to: to) {
                let length = interval.upperBound.millisecondsSinceEpoch - interval.lowerBound.millisecondsSinceEpoch
                if length >= remaining { return interval.lowerBound.adding(milliseconds: remaining) }
                remaining -= length
            }
            from = to
        }
        return nil
    }

    /// The latest instant before `end` with `seconds` of open time between it and `end`,
    /// searching at most `horizonDays` back; nil if the store is not open that long in that time.
    public func instant(before end: Timestamp, openSeconds seconds: Double, horizonDays: Int = 31) -> Timestamp? {
        var remaining = Int64((seconds * 1000).rounded())
        guard remaining > 0 else { return end }
        var to = end
        let horizon = end.adding(milliseconds: -Int64(horizonDays) * Timestamp.millisecondsPerDay)
        var step = Timestamp.millisecondsPerDay
        while to > horizon {
            let from = Swift.max(to.adding(milliseconds: -step), horizon)
            step = 7 * Timestamp.millisecondsPerDay
            for interval in openIntervals(from: from, to: to).reversed() {
                let length = interval.upperBound.millisecondsSinceEpoch - interval.lowerBound.millisecondsSinceEpoch
                if length >= remaining { return interval.upperBound.adding(milliseconds: -remaining) }
                remaining -= length
            }
            to = from
        }
        return nil
    }

    /// Seconds of open time in `[from, to)`.
    public func openSeconds(from: Timestamp, to: Timestamp) -> Double {
        let milliseconds = openIntervals(from: from, to: to).reduce(Int64(0)) {
            $0 + $1.upperBound.millisecondsSinceEpoch - $1.lowerBound.millisecondsSinceEpoch
        }
        return Double(milliseconds) / 1000
    }

    /// Merges touching intervals (a shift to midnight followed by one from midnight) into one.
    private func append(_ interval: Range<Timestamp>, to result: inout [Range<Timestamp>]) {
        if let last = result.last, last.upperBound >= interval.lowerBound {
            result[result.count - 1] = last.lowerBound..<Swift.max(last.upperBound, interval.upperBound)
        } else {
            result.append(interval)
        }
    }
}

extension Timestamp {
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    public init(_ date: Date) {
        self.init(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
