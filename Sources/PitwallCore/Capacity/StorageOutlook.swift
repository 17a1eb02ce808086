/// The SOP's "storage space monitoring" and "capacity planning" for the server's own
/// database: how fast it grows, and how long the disk it lives on lasts at that pace.
///
/// The growth is what the database really grew a day over the last weeks, once the server has
/// noted its size daily for three weeks (`MeasuredGrowth`); until then, an estimate: the
/// recent leads' pace times what a lead takes today (the database's used bytes over its
/// leads: a lead brings its messages, receipts, appointments and rollup cells with it). Either
/// is a projection at the last weeks' pace, not a promise: a new store or a campaign moves
/// it, which is why it is read again at every look.
public struct StorageOutlook: Hashable, Sendable {
    /// The pace is that of the leads created in these many days before reading.
    public static let recentDays = 28
    /// Below these many days of room at the pace, the outlook is red, then yellow.
    public static let criticalDays = 14.0
    public static let warningDays = 60.0
    /// The last share of the disk is no room to grow into: SQLite needs space for its log and
    /// a backup's copy, and other programs write to the same disk. Below it, red.
    public static let reservedShare = 0.05
    /// Below this share of the disk free, yellow whatever the pace.
    public static let warningFreeShare = 0.10

    /// What the disk alert reads when the database does not grow: ten years, "no end in sight".
    public static let cappedDays = 3_650.0

    /// Days of room for the disk alert: `daysUntilFull`, 0 when the disk is within its
    /// reserved share, `cappedDays` when not growing; nil when the disk is out of sight.
    public var daysOfRoom: Double? {
        guard footprint.backend == .sqlite, freeShare != nil else { return nil }
        if Self.room(footprint) <= 0 { return 0 }
        return min(daysUntilFull ?? Self.cappedDays, Self.cappedDays)
    }

    /// Leads created from this instant on set the pace read `now`.
    public static func paceStart(now: Timestamp) -> Timestamp {
        now.adding(milliseconds: -Int64(recentDays) * Timestamp.millisecondsPerDay)
    }

    public var footprint: StorageFootprint
    /// Bytes of the database a stored lead accounts for; nil without leads or bytes.
    public var bytesPerLead: Double?
    /// Leads created a day, over the last `recentDays`.
    public var leadsPerDay: Double
    /// What the database grows a day at that pace of leads; nil when bytes per lead are unknown.
    public var estimatedGrowthBytesPerDay: Double?
    /// What it grew a day by its noted sizes; nil until there are enough of them.
    public var measuredGrowth: MeasuredGrowth?
    /// The growth the projection uses: the measured one when there is one, else the estimate.
    public var growthBytesPerDay: Double?
    /// Days until the disk is down to its reserved last share at that pace; nil when the
    /// disk is out of sight or the database is not growing.
    public var daysUntilFull: Double?
    /// Free share of the disk; nil when out of sight.
    public var freeShare: Double?
    public var status: KPIStatus
    /// What the status stands on, in a sentence.
    public var reason: String

    public init(_ footprint: StorageFootprint) {
        self.footprint = footprint
        leadsPerDay = Double(footprint.recentLeads) / Double(Self.recentDays)
        if let bytes = footprint.databaseBytes, footprint.leads > 0, footprint.backend != .postgresql {
            // A group database's bytes are every organisation's, its leads one organisation's.
            bytesPerLead = Double(max(bytes - (footprint.reusableBytes ?? 0), 0)) / Double(footprint.leads)
        }
        let pace = leadsPerDay
        estimatedGrowthBytesPerDay = bytesPerLead.map { $0 * pace }
        measuredGrowth = MeasuredGrowth(footprint.sizes)
        growthBytesPerDay = measuredGrowth?.bytesPerDay ?? estimatedGrowthBytesPerDay
        if let free = footprint.volumeFreeBytes, let total = footprint.volumeTotalBytes, total > 0 {
            freeShare = Double(free) / Double(total)
            if let growth = growthBytesPerDay, growth > 0 { daysUntilFull = Self.room(footprint) / growth }
        }
        (status, reason) = Self.judge(footprint, freeShare: freeShare, daysUntilFull: daysUntilFull, growth: growthBytesPerDay, measured: measuredGrowth)
    }

    /// The growth a day for a figure on a page: "14 MB", or "none" when the database does not
    /// grow; nil without a figure.
    public var growthWords: String? {
        growthBytesPerDay.map { $0 > 0 ? Self.bytes($0) : "none" }
    }

    /// What the growth figure stands on, in a few words: "measured over 27 days",
    /// "estimated from new leads"; nil without a figure.
    public var growthBasis: String? {
        if let measuredGrowth { return "measured over \(KPIFormatting.count(measuredGrowth.days, "day", "days"))" }
        return estimatedGrowthBytesPerDay == nil ? nil : "estimated from new leads"
    }

    /// The status in two or three words, for a badge or a line's start.
    public var headline: String {
        switch status {
        case .green: "Room to grow"
        case .yellow: "Plan more room"
        case .red: "Disk filling"
        case .none: "Disk not seen from here"
        }
    }

    /// The latest backup in words, as of `now` (plain text: a page, a terminal and JSON show
    /// it alike): "Last backup 3 h ago: 1.9 GB in 41 s, 10,660,356 events, checked.", with a
    /// sentence when it is more than a day old (the alert gives a daily job two hours more);
    /// nil for a memory store.
    public func backupNote(now: Timestamp) -> String? {
        switch footprint.backend {
        case .memory: return nil
        case .postgresql: return "PostgreSQL is backed up with its own tools (pg_dump); Pitwall keeps no log of those backups."
        case .sqlite: break
        }
        guard let run = footprint.lastBackup else {
            return "No backup is noted in this database (pitwall backup notes each it makes): a disk that fails takes every lead with it."
        }
        let age = max(run.at.seconds(until: now), 0)
        let made =
            "Last backup \(backupAge(now: now) ?? ""): \(Self.bytes(run.bytes)) in "
            + "\(KPIFormatting.duration(seconds: run.seconds)), \(KPIFormatting.count(run.events, "event", "events")), checked."
        return age > Self.backupAgeDays * 86_400 ? made + " It is more than a day old: were the disk to fail now, every lead since would be lost; have pitwall backup run daily." : made
    }

    /// "3 h 5 min ago", "just now": how old the latest backup is, to the minute.
    public func backupAge(now: Timestamp) -> String? {
        footprint.lastBackup.map { Self.age(of: $0.at, now: now) }
    }

    /// How old the latest restore drill is, and whether it passed: "12 d ago", "2 h ago, failed".
    public func drillAge(now: Timestamp) -> String? {
        footprint.lastDrill.map { Self.age(of: $0.at, now: now) + ($0.passed ? "" : ", failed") }
    }

    private static func age(of instant: Timestamp, now: Timestamp) -> String {
        let age = max(instant.seconds(until: now), 0)
        return age < 60 ? "just now" : KPIFormatting.duration(seconds: (age / 60).rounded(.down) * 60) + " ago"
    }

    /// A backup older than this many days is said to be old.
    public static let backupAgeDays = 1.0
    /// The SOP rehearses disaster recovery monthly: a drill older than this is said to be old.
    public static let drillAgeDays = 35.0

    /// The latest restore drill in words, as of `now`: "Last restore drill 12 d ago:
    /// /backups/p.sqlite (1.9 GB) restored in 41 s and counted again in 55 s; all 34 figures
    /// matched.", or which figures did not; nil but for SQLite.
    public func drillNote(now: Timestamp) -> String? {
        guard footprint.backend == .sqlite else { return nil }
        guard let drill = footprint.lastDrill else {
            return "No restore drill is noted: pitwall restore --drill BACKUP restores a backup into a scratch file and checks its figures (the SOP rehearses disaster recovery monthly)."
        }
        let age = max(drill.at.seconds(until: now), 0)
        let restored =
            "Last restore drill \(Self.age(of: drill.at, now: now)): \(drill.backupFile) (\(Self.bytes(drill.backupBytes))) restored in "
            + KPIFormatting.duration(seconds: drill.restoreSeconds)
        let outcome =
            drill.passed
            ? " and counted again in \(KPIFormatting.duration(seconds: drill.recountSeconds)); all \(drill.figuresCompared) figures matched."
            : ", but \(drill.mismatches.count) of its \(drill.figuresCompared) figures came out differently counted again from its leads "
                + "(\(drill.mismatches.prefix(2).joined(separator: "; "))): keep the older backups and investigate before relying on it."
        let old = age > Self.drillAgeDays * 86_400 ? " It is more than 35 days old: rehearse again with a recent backup." : ""
        return restored + outcome + old
    }

    /// Bytes the database can still grow by: the disk's free bytes and the file's free pages
    /// (filled before the file takes more of the disk), less the reserved share.
    static func room(_ footprint: StorageFootprint) -> Double {
        let free = Double((footprint.volumeFreeBytes ?? 0) + (footprint.reusableBytes ?? 0))
        return max(free - reservedShare * Double(footprint.volumeTotalBytes ?? 0), 0)
    }

    private static func judge(
        _ footprint: StorageFootprint, freeShare: Double?, daysUntilFull: Double?, growth: Double?, measured: MeasuredGrowth?
    ) -> (KPIStatus, String) {
        switch footprint.backend {
        case .memory: return (.none, "This server keeps its data in memory: nothing is written to disk, and all of it goes when the server stops.")
        case .postgresql:
            let watch = "PostgreSQL keeps the data on its own server: watch that server's disk there."
            guard let measured else { return (.none, watch) }
            let days = KPIFormatting.count(measured.days, "day", "days")
            guard measured.bytesPerDay > 0 else { return (.none, watch + " Its database (every organisation's) has not grown over the last \(days).") }
            return (.none, watch + " Its database (every organisation's) grew \(bytes(measured.bytesPerDay)) a day over the last \(days).")
        case .sqlite: break
        }
        guard let freeShare, let free = footprint.volumeFreeBytes, let total = footprint.volumeTotalBytes else {
            return (.none, "The disk holding the database cannot be read from here.")
        }
        let freeOfTotal = "\(bytes(free)) of \(bytes(total)) free (\(KPIFormatting.percent(freeShare)))"
        let space = "\(bytes(free)) of the disk's \(bytes(total)) free (\(KPIFormatting.percent(freeShare)))"
        let pace = growth.map { growth in
            measured.map { "at \(bytes(growth)) a day (measured over the last \(KPIFormatting.count($0.days, "day", "days")))" }
                ?? "at \(bytes(growth)) a day (estimated from the last \(recentDays) days' new leads)"
        }
        if Self.room(footprint) <= 0 {
            return (.red, "Only \(space): free some, or move the database to a larger disk, before it fills.")
        }
        if let days = daysUntilFull, let pace, days < criticalDays {
            return (.red, "The disk fills in \(daysPhrase(days)) \(pace), with \(freeOfTotal): free space or move the database now.")
        }
        if let days = daysUntilFull, let pace, days < warningDays {
            return (.yellow, "The disk fills in \(daysPhrase(days)) \(pace), with \(freeOfTotal): plan more room.")
        }
        if freeShare < warningFreeShare {
            return (.yellow, "Only \(space): plan more room.")
        }
        guard let days = daysUntilFull, let pace else {
            if let measured {
                return (.green, "\(space); the database has not grown over the last \(KPIFormatting.count(measured.days, "day", "days")).")
            }
            return (.green, "\(space); no leads in the last \(recentDays) days, so the database is not growing.")
        }
        return (.green, "\(space): it lasts \(daysPhrase(days)) \(pace).")
    }

    /// "about 9 days", "about 4 months", "over 10 years": a projection, never to the day.
    public static func daysPhrase(_ days: Double) -> String {
        if days < 1 { return "less than a day" }
        if days < 61 { return "about " + KPIFormatting.count(Int(days.rounded(.down)), "day", "days") }
        if days < 730 { return "about " + KPIFormatting.count(Int((days / 30.4).rounded()), "month", "months") }
        if days < 3_653 { return "about " + KPIFormatting.count(Int((days / 365.25).rounded(.down)), "year", "years") }
        return "over 10 years"
    }

    /// "812 kB", "1.9 GB", "38 GB": decimal units, as disks are sold.
    public static func bytes(_ count: some BinaryInteger) -> String { bytes(Double(count)) }

    public static func bytes(_ count: Double) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = count
        var unit = 0
        while value >= 999.5, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(Int(value.rounded())) bytes" }
        return "\(value < 9.95 ? KPIFormatting.decimal(value, places: 1) : KPIFormatting.grouped(Int64(value.rounded()))) \(units[unit])"
    }
}
