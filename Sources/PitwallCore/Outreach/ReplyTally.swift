/// How a set of templated messages fared: sent, reached, answered, answered with STOP, and how
/// soon answers came.
public struct ReplyTally: Hashable, Sendable {
    public var sent = 0
    /// Not known to have failed; the response rate's denominator, so a carrier's failures are
    /// counted against delivery, not against the words.
    public var reached = 0
    public var answered = 0
    public var optedOut = 0
    /// Seconds to each answer, for the median.
    public var secondsToAnswer: [Double] = []

    /// Below this many reached leads a share is too few to rank or judge (the reports' rule
    /// for campaigns, too).
    public static let fewestToJudge = 30

    public init() {}

    public init(_ sends: some Sequence<TemplatedSend>) {
        for send in sends { add(send) }
    }

    public mutating func add(_ send: TemplatedSend) {
        sent += 1
        if send.reached { reached += 1 }
        if send.answered { answered += 1 }
        if send.optedOut { optedOut += 1 }
        if let seconds = send.secondsToAnswer { secondsToAnswer.append(seconds) }
    }

    /// Another set's counts added to these: several templates as one.
    public mutating func add(_ other: ReplyTally) {
        sent += other.sent
        reached += other.reached
        answered += other.answered
        optedOut += other.optedOut
        secondsToAnswer += other.secondsToAnswer
    }

    /// Answered / reached; nil when nothing reached anyone.
    public var responseRate: Double? { reached > 0 ? Double(answered) / Double(reached) : nil }

    /// Answered with STOP / reached.
    public var optOutRate: Double? { reached > 0 ? Double(optedOut) / Double(reached) : nil }

    /// Where the true response rate lies, at 95 %.
    public var interval: WilsonInterval? { WilsonInterval(successes: Double(answered), trials: Double(reached)) }

    public var isEnoughToJudge: Bool { reached >= Self.fewestToJudge }

    /// The median minutes from send to answer; nil without answers.
    public var medianMinutesToAnswer: Double? {
        guard !secondsToAnswer.isEmpty else { return nil }
        let sorted = secondsToAnswer.sorted()
        let middle = sorted.count / 2
        let seconds = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return seconds / 60
    }

    /// Whether this tally's rate is clearly below `other`'s: their 95 % intervals do not meet.
    public func isClearlyBelow(_ other: ReplyTally) -> Bool {
        guard isEnoughToJudge, other.isEnoughToJudge, let mine = interval, let theirs = other.interval else { return false }
        return mine.upper < theirs.lower
    }
}
