import Foundation

/// The counts kept per rollup cell, from which every KPI is a ratio or a quantile.
/// Each counter is tied to one kind of fact and the day that fact is counted on.
public enum RollupCounter: Int, CaseIterable, Sendable {
    // Leads created that day (the cohort), with their outcomes so far.
    case leads, contacted, responded, cohortSales, appointmentsSet, optedOut
    case answered, responseMillisecondsSum, answeredWithinFiveMinutes, conversations, conversationMessages
    // Outbound messages sent that day, by latest status.
    case messagesSent, messagesDelivered, messagesFailed
    // Complaints made that day.
    case complaints
    // Sales closed that day.
    case salesClosed, revenueCents, aiAssistedRevenueCents
    // Appointments scheduled for that day.
    case appointmentsScheduled, appointmentsAttended, appointmentsNoShow
    // Leads created that day answered within their SLA (by the policy's clock), so far.
    case answeredWithinSLA
    // Leads created that day whose first response is dated before they started: kept out of
    // the response-time figures, and counted.
    case responseTimeExcluded
    // The spread of the two averages, so a window's average on few can say how sure it is:
    // each conversation's message count squared (cohort day) and each sale's amount in
    // hundreds of dollars squared (sale day; in cents, a large group's year would overflow 64
    // bits, and hundreds lose nothing a spread of thousands needs).
    case conversationMessagesSquared, saleHundredsSquared
    // Leads created that day by what their contact details allow (the contacts page): a phone
    // or an e-mail missing or unusable, neither usable, and each problem found.
    case phoneMissing, phoneInvalid, emailMissing, emailInvalid, unreachable
    case problemWrongLength, problemNotAssignable, problemFiction, problemHasExtension, problemBadCharacters, problemBadAddress, problemBadDomain
    // Leads created that day: their temperatures (LeadTemperature) summed, and squared for the
    // spread of the average.
    case temperaturePoints, temperaturePointsSquared
    // Leads created that day that bought, then the same two counts (leads, and those of them
    // that bought) by the band of their temperature points before any verdict and by each
    // reason for points: what the scoring check (`TemperatureCheck`) sets side by side.
    case leadsSold
    case pointsUnder20Leads, pointsUnder20Sold, points20To39Leads, points20To39Sold, points40To59Leads, points40To59Sold
    case points60To79Leads, points60To79Sold, points80UpLeads, points80UpSold
    case hotTierLeads, hotTierSold, warmTierLeads, warmTierSold, coldTierLeads, coldTierSold, noTierLeads, noTierSold
    case reachableLeads, reachableSold, vehicleNamedLeads, vehicleNamedSold, answeredFastLeads, answeredFastSold
    case repliedLeads, repliedSold, keptTalkingLeads, keptTalkingSold, appointmentSetLeads, appointmentSetSold
    // Leads created that day: those whose cost the CRM sent (a free lead's 0 included), what
    // they cost, and what every sale of theirs brought in, whenever it closed: a source's
    // spend set against its return (`LeadSpend`).
    case pricedLeads, leadSpendCents, cohortRevenueCents
    // Sales closed that day whose lead the AI texted and who wrote back before it: what the
    // messaging platform's cost is set against (`MessagingReturn`), beside their revenue above.
    case aiAssistedSales
    // Leads created that day handed to an agent, those an agent has written to since the
    // hand-off, those of them within the lead's SLA, and the pick-up times summed (ms, on the
    // response-time policy's clock): each agent's own speed (`AgentPickup`). Then those the
    // customer settled (opted out or bought) before the pick-up was due and anyone wrote: in
    // `handedOff` (they were the agent's load), out of the pick-up figures.
    case handedOff, pickedUp, pickedUpWithinSLA, pickupMillisecondsSum
    case pickupClosedFirst
    // Leads created that day whose customer answered the survey, by their latest answers: the
    // satisfaction answers (1-5), their points summed and squared (for the average's spread);
    // the recommend answers (0-10), with the promoters (9-10) and detractors (0-6) among them.
    case satisfactionAnswers, satisfactionPoints, satisfactionPointsSquared
    case recommendAnswers, promoters, detractors

    /// The storage column for this counter.
    public var column: String {
        switch self {
        case .leads: "leads"
        case .contacted: "contacted"
        case .responded: "responded"
        case .cohortSales: "cohort_sales"
        case .appointmentsSet: "appointments_set"
        case .optedOut: "opted_out"
        case .answered: "answered"
        case .responseMillisecondsSum: "response_ms_sum"
        case .answeredWithinFiveMinutes: "answered_within_5_min"
        case .conversations: "conversations"
        case .conversationMessages: "conversation_messages"
        case .messagesSent: "messages_sent"
        case .messagesDelivered: "messages_delivered"
        case .messagesFailed: "messages_failed"
        case .complaints: "complaints"
        case .salesClosed: "sales_closed"
        case .revenueCents: "revenue_cents"
        case .aiAssistedRevenueCents: "ai_assisted_revenue_cents"
        case .appointmentsScheduled: "appointments_scheduled"
        case .appointmentsAttended: "appointments_attended"
        case .appointmentsNoShow: "appointments_no_show"
        case .answeredWithinSLA: "answered_within_sla"
        case .responseTimeExcluded: "response_time_excluded"
        case .conversationMessagesSquared: "conversation_messages_squared"
        case .saleHundredsSquared: "sale_hundreds_squared"
        case .phoneMissing: "phone_missing"
        case .phoneInvalid: "phone_invalid"
        case .emailMissing: "email_missing"
        case .emailInvalid: "email_invalid"
        case .unreachable: "unreachable"
        case .problemWrongLength: "problem_wrong_length"
        case .problemNotAssignable: "problem_not_assignable"
        case .problemFiction: "problem_fiction"
        case .problemHasExtension: "problem_has_extension"
        case .problemBadCharacters: "problem_bad_characters"
        case .problemBadAddress: "problem_bad_address"
        case .problemBadDomain: "problem_bad_domain"
        case .temperaturePoints: "temperature_points"
        case .temperaturePointsSquared: "temperature_points_squared"
        case .leadsSold: "leads_sold"
        case .pointsUnder20Leads: "points_0_19_leads"
        case .pointsUnder20Sold: "points_0_19_sold"
        case .points20To39Leads: "points_20_39_leads"
        case .points20To39Sold: "points_20_39_sold"
        case .points40To59Leads: "points_40_59_leads"
        case .points40To59Sold: "points_40_59_sold"
        case .points60To79Leads: "points_60_79_leads"
        case .points60To79Sold: "points_60_79_sold"
        case .points80UpLeads: "points_80_100_leads"
        case .points80UpSold: "points_80_100_sold"
        case .hotTierLeads: "earned_hot_tier_leads"
        case .hotTierSold: "earned_hot_tier_sold"
        case .warmTierLeads: "earned_warm_tier_leads"
        case .warmTierSold: "earned_warm_tier_sold"
        case .coldTierLeads: "earned_cold_tier_leads"
        case .coldTierSold: "earned_cold_tier_sold"
        case .noTierLeads: "earned_no_tier_leads"
        case .noTierSold: "earned_no_tier_sold"
        case .reachableLeads: "earned_reachable_leads"
        case .reachableSold: "earned_reachable_sold"
        case .vehicleNamedLeads: "earned_vehicle_named_leads"
        case .vehicleNamedSold: "earned_vehicle_named_sold"
        case .answeredFastLeads: "earned_answered_fast_leads"
        case .answeredFastSold: "earned_answered_fast_sold"
        case .repliedLeads: "earned_replied_leads"
        case .repliedSold: "earned_replied_sold"
        case .keptTalkingLeads: "earned_kept_talking_leads"
        case .keptTalkingSold: "earned_kept_talking_sold"
        case .appointmentSetLeads: "earned_appointment_set_leads"
        case .appointmentSetSold: "earned_appointment_set_sold"
        case .pricedLeads: "priced_leads"
        case .leadSpendCents: "lead_spend_cents"
        case .cohortRevenueCents: "cohort_revenue_cents"
        case .aiAssistedSales: "ai_assisted_sales"
        case .handedOff: "handed_off"
        case .pickedUp: "picked_up"
        case .pickedUpWithinSLA: "picked_up_within_sla"
        case .pickupMillisecondsSum: "pickup_ms_sum"
        case .pickupClosedFirst: "pickup_closed_first"
        case .satisfactionAnswers: "satisfaction_answers"
        case .satisfactionPoints: "satisfaction_points"
        case .satisfactionPointsSquared: "satisfaction_points_squared"
        case .recommendAnswers: "recommend_answers"
        case .promoters: "promoters"
        case .detractors: "detractors"
        }
    }
}

/// Which counters a read of rollup rows needs. The scorecard reads every row of a window, so
/// the 31 counters of the monthly scoring check are read only by the check: on the year's
/// file, reading them too made the scorecard 30-45 % slower.
public enum RollupCounterSelection: Hashable, Sendable {
    /// The counters the KPIs and the contacts page read: those before `leadsSold`, and the
    /// agents' pick-ups and the survey answers added after the scoring check's.
    case kpis
    case all
    /// Only these; the others, and the response times, read as 0 (or empty). For a page that
    /// needs a few of a wide row's counters over many rows (the spend page's year by source).
    case only([RollupCounter])

    /// How many counters, from the first, a prefix selection needs; nil for `only`.
    public var prefixCount: Int? {
        switch self {
        case .kpis: RollupCounter.leadsSold.rawValue
        case .all: RollupCounter.allCases.count
        case .only: nil
        }
    }

    /// Whether a read with this selection fills in `counter`.
    public func reads(_ counter: RollupCounter) -> Bool {
        switch self {
        case .all: true
        case .kpis: counter.rawValue < (prefixCount ?? 0) || tail.contains(counter)
        case .only(let counters): counters.contains(counter)
        }
    }

    /// The counters after the prefix that a prefix selection reads too.
    public var tail: [RollupCounter] {
        switch self {
        case .kpis:
            [
                .handedOff, .pickedUp, .pickedUpWithinSLA, .pickupMillisecondsSum, .pickupClosedFirst, .satisfactionAnswers, .satisfactionPoints,
                .satisfactionPointsSquared, .recommendAnswers, .promoters, .detractors,
            ]
        case .all, .only: []
        }
    }
}

/// The counters of one cell plus two distributions of its cohort: the first response times
/// (seconds from the lead's start, wall clock), and the agents' pick-up times (seconds on the
/// response-time policy's clock).
public struct RollupMetrics: Hashable, Sendable {
    public var counters: [Int64]
    public var responseTimes: QuantileSketch
    public var pickupTimes: QuantileSketch

    public init(
        counters: [Int64] = Array(repeating: 0, count: RollupCounter.allCases.count), responseTimes: QuantileSketch = QuantileSketch(),
        pickupTimes: QuantileSketch = QuantileSketch()
    ) {
        self.counters = counters
        self.responseTimes = responseTimes
        self.pickupTimes = pickupTimes
    }

    public subscript(counter: RollupCounter) -> Int64 {
        get { counters[counter.rawValue] }
        set { counters[counter.rawValue] = newValue }
    }

    public var isZero: Bool { counters.allSatisfy { $0 == 0 } && responseTimes.isEmpty && pickupTimes.isEmpty }

    /// Adds `other` (or takes it away with `sign: -1`).
    public mutating func add(_ other: RollupMetrics, sign: Int64 = 1) {
        for index in counters.indices { counters[index] += sign * other.counters[index] }
        responseTimes.merge(other.responseTimes, sign: sign)
        pickupTimes.merge(other.pickupTimes, sign: sign)
    }
}

/// A cell as a store returns it for a query: the counters and the stored sketch bytes,
/// which the scorecard adds up without rebuilding each sketch.
public struct RollupRow: Sendable {
    public var cell: RollupCell
    public var counters: [Int64]
    public var responseTimes: Data
    /// Empty when the read did not ask for it, or no lead of the cell was picked up.
    public var pickupTimes: Data

    public init(cell: RollupCell, counters: [Int64], responseTimes: Data, pickupTimes: Data = Data()) {
        self.cell = cell
        self.counters = counters
        self.responseTimes = responseTimes
        self.pickupTimes = pickupTimes
    }
}
