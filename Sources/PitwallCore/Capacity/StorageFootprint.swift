/// What the database takes on its disk and how many leads it holds, as its backend can tell:
/// the facts `StorageOutlook` projects from.
public struct StorageFootprint: Hashable, Sendable {
    public enum Backend: String, Hashable, Sendable {
        case sqlite
        case postgresql
        /// Nothing written anywhere (tests, trials).
        case memory

        /// "SQLite", as a page names it.
        public var name: String {
            switch self {
            case .sqlite: "SQLite"
            case .postgresql: "PostgreSQL"
            case .memory: "in memory"
            }
        }
    }

    public var backend: Backend
    /// Everything the database takes: SQLite's file and its write-ahead log, or PostgreSQL's
    /// database (every organisation in it). Nil when nothing is on disk.
    public var databaseBytes: Int64?
    /// The part of `databaseBytes` already free inside the file (SQLite's free pages), which
    /// new data fills before the file grows.
    public var reusableBytes: Int64?
    /// The disk (file system) the database lives on, when this process can see it: a SQLite
    /// file's, never a PostgreSQL server's.
    public var volumeFreeBytes: Int64?
    public var volumeTotalBytes: Int64?
    /// Leads stored (of the organisation read, on a group database).
    public var leads: Int
    /// Of those, the leads created since the instant asked about: the pace the database grows at.
    public var recentLeads: Int
    /// The latest backup `pitwall backup` made of a SQLite file; nil when none was (or the
    /// backend keeps no such log: PostgreSQL is backed up with its own tools).
    public var lastBackup: BackupRun?
    /// The latest restore drill noted (`pitwall restore --drill`); nil when none was.
    public var lastDrill: RestoreDrill?
    /// The sizes noted once a day over the same recent days, oldest first: what the database
    /// really grew by, where the server has been noting them.
    public var sizes: [StorageSize]

    public init(
        backend: Backend, databaseBytes: Int64? = nil, reusableBytes: Int64? = nil, volumeFreeBytes: Int64? = nil, volumeTotalBytes: Int64? = nil,
        leads: Int, recentLeads: Int, lastBackup: BackupRun? = nil, lastDrill: RestoreDrill? = nil,
        sizes: [StorageSize] = []
    ) {
        self.lastBackup = lastBackup
        self.lastDrill = lastDrill
        self.sizes = sizes
        self.backend = backend
        self.databaseBytes = databaseBytes
        self.reusableBytes = reusableBytes
        self.volumeFreeBytes = volumeFreeBytes
        self.volumeTotalBytes = volumeTotalBytes
        self.leads = leads
        self.recentLeads = recentLeads
    }
}
