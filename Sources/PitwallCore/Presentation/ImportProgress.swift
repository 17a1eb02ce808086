/// The progress line a long import prints: how many events so far and how fast, and, for a
/// file of known size, how far through it and about how long is left. Loading a group's
/// year takes minutes; whoever started it wants to know whether to wait or come back later.
public struct ImportProgress: Sendable {
    public var events: Int
    public var seconds: Double
    /// Bytes of the file read and stored so far, and the file's size; nil for standard input.
    public var bytes: (done: Int, total: Int)?

    public init(events: Int, seconds: Double, bytes: (done: Int, total: Int)? = nil) {
        self.events = events
        self.seconds = seconds
        self.bytes = bytes
    }

    /// Before this share of the file and this many seconds, a rate says too little about the rest.
    static let shareBeforeGuessing = 0.01
    static let secondsBeforeGuessing = 3.0

    /// "imported 1,000,000 events (52,622/s, 19.0 s; 9% of the file, about 3 min 12 s left)".
    public func line(label: String) -> String {
        let elapsed = max(seconds, 0.001)
        var text = "\(label) \(KPIFormatting.grouped(Int64(events))) events (\(KPIFormatting.grouped(Int64((Double(events) / elapsed).rounded(.down))))/s, "
        text += KPIFormatting.decimal(elapsed, places: 1) + " s"
        if let remaining = secondsLeft, let share = shareDone {
            text += remaining == 0 ? "; all of the file" : "; \(KPIFormatting.percent(share)) of the file, about \(KPIFormatting.duration(seconds: remaining)) left"
        }
        return text + ")"
    }

    var shareDone: Double? {
        guard let bytes, bytes.total > 0 else { return nil }
        return min(Double(bytes.done) / Double(bytes.total), 1)
    }

    /// At the pace so far, rounded to whole seconds; nil until the pace says something.
    var secondsLeft: Double? {
        guard let share = shareDone else { return nil }
        if share >= 1 { return 0 }
        guard share >= Self.shareBeforeGuessing, seconds >= Self.secondsBeforeGuessing else { return nil }
        return (seconds * (1 - share) / share).rounded()
    }
}
