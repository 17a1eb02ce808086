/// The database's size as noted on one day: the bytes its data take (SQLite's pages in use,
/// without its free pages or its write-ahead log, which come and go; PostgreSQL's whole
/// database). A server notes one a day, and the storage outlook measures growth from them.
public struct StorageSize: Hashable, Sendable {
    /// The day (UTC) it was noted.
    public var day: CivilDate
    public var usedBytes: Int64

    public init(day: CivilDate, usedBytes: Int64) {
        self.day = day
        self.usedBytes = usedBytes
    }

    /// The UTC day an instant falls on: one note a day, wherever the stores are.
    public static func day(of instant: Timestamp) -> CivilDate {
        let milliseconds = instant.millisecondsSinceEpoch
        let day = milliseconds >= 0 ? milliseconds / Timestamp.millisecondsPerDay : (milliseconds + 1) / Timestamp.millisecondsPerDay - 1
        return CivilDate(daysSinceEpoch: day)
    }
}
