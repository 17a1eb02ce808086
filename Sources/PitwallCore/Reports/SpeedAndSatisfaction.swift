/// The speed-to-lead curriculum's trade-off of speed against quality (module 4), read from the
/// survey answers: whether the customers answered within five minutes rate the store
/// differently from those who waited a quarter of an hour or more.
///
/// Said in a weekly or monthly report only when both sides have enough answers to judge
/// (`KPIJudgement.judgedSample`) and the averages differ by more than chance
/// (`ChangeTest.averagesDiffer`). Customers never answered, or whose answer is dated before
/// they asked, waited no measurable time and are left out.
public struct SpeedAndSatisfaction: Hashable, Sendable {
    /// The counters it reads, by response bucket.
    public static let counters: [RollupCounter] = [.satisfactionAnswers, .satisfactionPoints, .satisfactionPointsSquared]
    static let fastBuckets: Set<String> = [ResponseBucket.underFiveMinutes.rawValue]
    static let slowBuckets: Set<String> = [
        ResponseBucket.fifteenToSixtyMinutes.rawValue, ResponseBucket.oneToTwentyFourHours.rawValue, ResponseBucket.overADay.rawValue,
    ]

    /// The ratings of the customers answered within five minutes.
    public var fast: AverageSpread
    /// The ratings of those who waited 15 minutes or more.
    public var slow: AverageSpread

    /// From rollup rows broken down by response bucket; nil when either side has too few
    /// answers, or the two do not differ by more than chance.
    public init?(rows: [RollupRow]) {
        var fast = (count: 0.0, sum: 0.0, squares: 0.0), slow = (count: 0.0, sum: 0.0, squares: 0.0)
        for row in rows where row.cell.dimension == .responseBucket {
            let answers = Double(row.counters[RollupCounter.satisfactionAnswers.rawValue])
            let points = Double(row.counters[RollupCounter.satisfactionPoints.rawValue])
            let squares = Double(row.counters[RollupCounter.satisfactionPointsSquared.rawValue])
            if Self.fastBuckets.contains(row.cell.value) {
                fast = (fast.count + answers, fast.sum + points, fast.squares + squares)
            } else if Self.slowBuckets.contains(row.cell.value) {
                slow = (slow.count + answers, slow.sum + points, slow.squares + squares)
            }
        }
        guard fast.count >= KPIJudgement.judgedSample, slow.count >= KPIJudgement.judgedSample,
            let fastSpread = AverageSpread(count: fast.count, sum: fast.sum, sumOfSquares: fast.squares),
            let slowSpread = AverageSpread(count: slow.count, sum: slow.sum, sumOfSquares: slow.squares),
            ChangeTest.averagesDiffer(fastSpread, slowSpread) == true
        else { return nil }
        self.fast = fastSpread
        self.slow = slowSpread
    }

    /// Slow answers cost goodwill: the usual finding. The other way round, the fastest answers
    /// are the weaker ones, which is the trade-off the curriculum asks to watch for.
    public var speedPays: Bool { fast.mean > slow.mean }

    /// "Customers answered within 5 minutes rated the store 4.52 of 5 in the month (212 answers);
    /// those who waited 15 minutes or more, 3.71 (64): ..."
    public func words(period: String) -> String {
        let fastRating = KPIFormatting.decimal(fast.mean, places: 2)
        let slowRating = KPIFormatting.decimal(slow.mean, places: 2)
        let counts = { (spread: AverageSpread) in KPIFormatting.count(Int(spread.count), "answer", "answers") }
        let facts =
            "Customers answered within 5 minutes rated the store \(fastRating) of 5 \(period) (\(counts(fast))); "
            + "those who waited 15 minutes or more, \(slowRating) (\(counts(slow)))"
        return speedPays
            ? facts + ": a slow first answer costs goodwill as well as sales. Find the hours and stores where leads wait."
            : facts + ": the fastest first answers leave customers less satisfied. Read the AI's first texts and the conversations rated 1 or 2."
    }

    /// Where the work starts: the speed-to-lead page's satisfaction by wait, or the first
    /// texts when speed is not what customers missed.
    public var page: String { speedPays ? "/sla" : "/outreach" }
}
