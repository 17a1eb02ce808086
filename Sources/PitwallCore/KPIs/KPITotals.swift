/// The rollup rows of one group added up: the counters, the response-time and the pick-up
/// distributions.
public struct KPITotals: Sendable {
    public private(set) var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
    public private(set) var responseTimes = QuantileAccumulator()
    public private(set) var pickupTimes = QuantileAccumulator()
    /// Whether the rows' response and pick-up times are added up too. A figure read only as a
    /// share needs neither, and a year's pick-up by week for every agent keeps some 12,000
    /// totals at once, each distribution up to 11.6 kB.
    public let keepsDistributions: Bool

    /// The KPIs whose figures read the distributions.
    public static let distributionKeys: Set<KPIKey> = [.firstResponseTime, .agentPickupWithinSLA]

    public init(keepsDistributions: Bool = true) {
        self.keepsDistributions = keepsDistributions
    }

    public mutating func add(_ row: RollupRow) {
        for index in counters.indices { counters[index] += row.counters[index] }
        guard keepsDistributions else { return }
        responseTimes.add(encoded: row.responseTimes)
        pickupTimes.add(encoded: row.pickupTimes)
    }

    public subscript(counter: RollupCounter) -> Int64 { counters[counter.rawValue] }
}

/// How much an average or a median could move by chance alone.
public enum KPISpread: Hashable, Sendable {
    /// An average's count, mean and variance (in the KPI's unit).
    case average(AverageSpread)
    /// A median's 95 % interval.
    case median(PlausibleRange)
    /// A share of amounts (revenue) made up of this many items (sales): tested as a share of
    /// that many, which the spread of the amounts widens only a little (by 1 + their squared
    /// coefficient of variation, about 6 % for sales a quarter either way of their average).
    case shareOfAmounts(items: Double)
}

/// One KPI's figure for one group and window.
public struct KPIResult: Hashable, Sendable {
    public var key: KPIKey
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    /// Figures beside the value, in display order (p90, mean, pending, ...).
    public var details: [KPIDetail]
    public var status: KPIStatus
    public var gap: Double?
    /// For a lead-cohort KPI whose outcomes come later: how far its leads have come.
    public var maturity: CohortMaturity? = nil
    /// For a figure that is not a share of counts, measured on fewer than
    /// `KPIJudgement.judgedSample`: where its true value may lie (a median's or a mean's 95 %
    /// interval).
    public var plausibleRange: PlausibleRange? = nil
    /// For a figure that is not a share of counts: what chance alone could do to it, so that a
    /// change between two windows is told from noise (`isClearChange`).
    public var spread: KPISpread? = nil

    public func detail(_ name: String) -> Double? {
        details.first { $0.name == name }?.value
    }
}

public struct KPIDetail: Hashable, Sendable {
    public var name: String
    public var value: Double?

    public init(_ name: String, _ value: Double?) {
        self.name = name
        self.value = value
    }
}

extension KPIResult {
    /// The figure judged against a definition's target and thresholds: the catalog's, or a
    /// store's own.
    public func judged(by definition: KPIDefinition) -> KPIResult {
        var result = self
        result.status = definition.bands.status(of: value)
        result.gap = definition.bands.gap(of: value)
        return result
    }
}

extension KPICatalog {
    /// Every KPI of the catalog computed from one group's totals; with `keys`, only those.
    public func evaluate(_ totals: KPITotals, only keys: Set<KPIKey>? = nil) -> [KPIResult] {
        definitions.filter { keys?.contains($0.key) ?? true }.map { definition in
            var result = figure(definition.key, totals)
            if definition.reserved { result = KPIResult(key: definition.key, value: nil, numerator: nil, denominator: nil, details: [], status: .none, gap: nil) }
            return result.judged(by: definition)
        }
    }

    private func figure(_ key: KPIKey, _ totals: KPITotals) -> KPIResult {
        func ratio(_ numerator: Double, _ denominator: Double, details: [KPIDetail] = []) -> KPIResult {
            KPIResult(
                key: key, value: denominator == 0 ? nil : numerator / denominator, numerator: numerator, denominator: denominator,
                details: details, status: .none, gap: nil)
        }
        func count(_ counter: RollupCounter) -> Double { Double(totals[counter]) }
        let finalStatuses = count(.messagesDelivered) + count(.messagesFailed)
        let pending = KPIDetail("pending", count(.messagesSent) - finalStatuses)
        switch key {
        case .leadToSaleConversion:
            return ratio(count(.cohortSales), count(.leads))
        case .aiAssistedRevenueShare:
            var result = ratio(count(.aiAssistedRevenueCents) / 100, count(.revenueCents) / 100)
            if count(.salesClosed) > 0 { result.spread = .shareOfAmounts(items: count(.salesClosed)) }
            return result
        case .averageSaleValue:
            var result = ratio(count(.revenueCents) / 100, count(.salesClosed))
            // Kept in hundreds of dollars, as the squares are; spread back in dollars.
            result.spread = AverageSpread(count: count(.salesClosed), sum: count(.revenueCents) / 10_000, sumOfSquares: count(.saleHundredsSquared))
                .map { .average(AverageSpread(count: $0.count, mean: $0.mean * 100, variance: $0.variance * 10_000)) }
            // Four sales' average says little of the next forty's: on few, where it may truly lie.
            if count(.salesClosed) < KPIJudgement.judgedSample {
                result.plausibleRange = MeanInterval.of(
                    count: count(.salesClosed), sum: count(.revenueCents) / 10_000, sumOfSquares: count(.saleHundredsSquared)
                ).map { PlausibleRange(lower: $0.lower * 100, upper: $0.upper * 100) }
            }
            return result
        case .leadResponseRate:
            return ratio(count(.responded), count(.contacted))
        case .appointmentSettingRate:
            return ratio(count(.appointmentsSet), count(.contacted))
        case .appointmentShowRate:
            return ratio(count(.appointmentsAttended), count(.appointmentsAttended) + count(.appointmentsNoShow))
        case .messageDeliveryRate:
            return ratio(count(.messagesDelivered), finalStatuses, details: [pending])
        case .messageFailureRate:
            return ratio(count(.messagesFailed), finalStatuses, details: [pending])
        case .firstResponseTime:
            let answered = count(.answered)
            let median = totals.responseTimes.quantile(0.5)
            var result = KPIResult(
                key: key, value: answered == 0 ? nil : median, numerator: nil, denominator: nil,
                details: [
                    KPIDetail("p90", answered == 0 ? nil : totals.responseTimes.quantile(0.9)),
                    KPIDetail("mean", answered == 0 ? nil : count(.responseMillisecondsSum) / 1000 / answered),
                    KPIDetail("count", answered),
                    KPIDetail("unanswered", count(.leads) - answered - count(.responseTimeExcluded)),
                    KPIDetail("excluded", count(.responseTimeExcluded)),
                    KPIDetail("within_sla", answered == 0 ? nil : count(.answeredWithinFiveMinutes) / answered),
                ],
                status: .none, gap: nil)
            // A median of eight answers says little; on few, where it may truly lie goes with it.
            let interval = answered > 0 ? MedianInterval.of(totals.responseTimes) : nil
            if answered < KPIJudgement.judgedSample { result.plausibleRange = interval }
            result.spread = interval.map(KPISpread.median)
            return result
        case .slaAttainment:
            return ratio(count(.answeredWithinSLA), count(.leads))
        case .agentPickupWithinSLA:
            let pickedUp = count(.pickedUp)
            let due = count(.handedOff) - count(.pickupClosedFirst)
            return ratio(
                count(.pickedUpWithinSLA), due,
                details: [
                    KPIDetail("picked_up", pickedUp),
                    KPIDetail("not_picked_up", due - pickedUp),
                    KPIDetail("closed_first", count(.pickupClosedFirst)),
                    // The median is the agent's usual pick-up: a few leads handed over at closing
                    // and answered next morning move the mean on the wall clock, not the median.
                    KPIDetail("median_seconds", pickedUp == 0 ? nil : totals.pickupTimes.quantile(0.5)),
                    KPIDetail("p90_seconds", pickedUp == 0 ? nil : totals.pickupTimes.quantile(0.9)),
                    KPIDetail("mean_seconds", pickedUp == 0 ? nil : count(.pickupMillisecondsSum) / 1000 / pickedUp),
                ])
        case .conversationLength:
            var result = ratio(count(.conversationMessages), count(.conversations))
            result.spread = AverageSpread(count: count(.conversations), sum: count(.conversationMessages), sumOfSquares: count(.conversationMessagesSquared))
                .map(KPISpread.average)
            if count(.conversations) < KPIJudgement.judgedSample {
                // A conversation has at least the customer's one message.
                result.plausibleRange = MeanInterval.of(
                    count: count(.conversations), sum: count(.conversationMessages), sumOfSquares: count(.conversationMessagesSquared), floor: 1)
            }
            return result
        case .optOutRate:
            return ratio(count(.optedOut), count(.contacted))
        case .complaintRate:
            return ratio(count(.complaints), count(.messagesSent))
        case .leadTemperatureScore:
            var result = ratio(count(.temperaturePoints), count(.leads))
            result.spread = AverageSpread(count: count(.leads), sum: count(.temperaturePoints), sumOfSquares: count(.temperaturePointsSquared))
                .map(KPISpread.average)
            if count(.leads) < KPIJudgement.judgedSample {
                result.plausibleRange = MeanInterval.bounded(
                    count: count(.leads), sum: count(.temperaturePoints), sumOfSquares: count(.temperaturePointsSquared), within: 0...100)
            }
            return result
        case .customerSatisfaction:
            let answers = count(.satisfactionAnswers)
            var result = ratio(count(.satisfactionPoints), answers)
            result.spread = AverageSpread(count: answers, sum: count(.satisfactionPoints), sumOfSquares: count(.satisfactionPointsSquared))
                .map(KPISpread.average)
            if answers < KPIJudgement.judgedSample {
                result.plausibleRange = MeanInterval.bounded(
                    count: answers, sum: count(.satisfactionPoints), sumOfSquares: count(.satisfactionPointsSquared),
                    within: SurveyAnswer.satisfactionRange)
            }
            return result
        case .netPromoterScore:
            return netPromoterScore(totals)
        case .systemUptime, .apiResponseTime, .databaseQueryTime:
            return KPIResult(key: key, value: nil, numerator: nil, denominator: nil, details: [], status: .none, gap: nil)
        }
    }
}

extension KPICatalog {
    /// Each answer is worth +100 (a promoter), 0 (a passive) or -100 (a detractor), and the
    /// score is their average: so its spread and its range on few answers are an average's.
    fileprivate func netPromoterScore(_ totals: KPITotals) -> KPIResult {
        let answers = Double(totals[.recommendAnswers])
        let promoters = Double(totals[.promoters])
        let detractors = Double(totals[.detractors])
        let sum = 100 * (promoters - detractors)
        let sumOfSquares = 10_000 * (promoters + detractors)
        var result = KPIResult(
            key: .netPromoterScore, value: answers == 0 ? nil : sum / answers, numerator: promoters - detractors, denominator: answers,
            details: [KPIDetail("promoters", promoters), KPIDetail("passives", answers - promoters - detractors), KPIDetail("detractors", detractors)],
            status: .none, gap: nil)
        result.spread = AverageSpread(count: answers, sum: sum, sumOfSquares: sumOfSquares).map(KPISpread.average)
        if answers < KPIJudgement.judgedSample {
            result.plausibleRange = MeanInterval.bounded(count: answers, sum: sum, sumOfSquares: sumOfSquares, within: -100...100)
        }
        return result
    }
}
