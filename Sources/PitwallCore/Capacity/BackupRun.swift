/// One `pitwall backup` that completed: when, where to, how big and how long, and what the
/// copy held when it was checked. The SOP's "backup performance verification" reads the
/// latest.
public struct BackupRun: Hashable, Sendable {
    /// When the copy was finished.
    public var at: Timestamp
    /// The backup file's absolute path.
    public var file: String
    public var bytes: Int64
    /// How long the copy and its check took.
    public var seconds: Double
    /// What the copy held when checked (SQLite's quick_check passed, or it is not recorded).
    public var events: Int
    public var leads: Int

    public init(at: Timestamp, file: String, bytes: Int64, seconds: Double, events: Int, leads: Int) {
        self.at = at
        self.file = file
        self.bytes = bytes
        self.seconds = seconds
        self.events = events
        self.leads = leads
    }
}
