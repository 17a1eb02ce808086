extension LeadRecords {
    /// What this lead adds to each rollup cell. Nothing until its `lead.created` is known:
    /// without it Pitwall does not know the store, so cannot say which local day anything was.
    /// `resolver` gives each store's calendar and the response-time policy.
    public func contributions(resolver: LocalDayResolver) -> [RollupCell: RollupMetrics] {
        var cells: [RollupCell: RollupMetrics] = [:]
        dailyContributions(resolver: resolver)?.file(into: &cells)
        return cells
    }

    /// What this lead adds on each local day of its store, before it is filed under every
    /// dimension; nil until its `lead.created` is known.
    public func dailyContributions(resolver: LocalDayResolver) -> DailyContributions? {
        guard let profile = state.profile, let createdAt = state.createdAt else { return nil }
        let responseTime = resolver.responseTime
        let store = resolver.profile(of: profile.storeID)
        let start = responseTime.start(of: state).at
        let first = responseTime.usesStandardResponders ? state.firstResponse?.at : responseTime.firstResponse(in: messages)?.at
        // A response stamped before the lead started, or a lead with events dated ahead of their
        // arrival, is a clock problem: its response time is left out of the figures and counted
        // apart (see TimestampAudit), never averaged in as 0 or as a made-up wait.
        let rawMilliseconds = first.flatMap { first in start.map { first.millisecondsSinceEpoch - $0.millisecondsSinceEpoch } }
        let untrusted = first.flatMap { first in start.map { state.isUntrusted(response: first, start: $0) } } ?? false
        let responseMilliseconds = untrusted ? nil : rawMilliseconds
        let segment = LeadSegment(
            state: state, store: store, policy: responseTime, responseSeconds: responseMilliseconds.map { Double($0) / 1000 },
            responseUnknown: untrusted)
        var byDay: [Int64: RollupMetrics] = [:]
        func count(_ counter: RollupCounter, _ amount: Int64 = 1, at instant: Timestamp) {
            byDay[resolver.day(of: segment.store, at: instant), default: RollupMetrics()][counter] += amount
        }

        // The cohort: this lead on the day it was created, with its outcomes so far.
        let contacted = state.outboundCount > 0
        var cohort = RollupMetrics()
        cohort[.leads] = 1
        cohort[.contacted] = contacted ? 1 : 0
        cohort[.responded] = contacted && state.inboundCount > 0 ? 1 : 0
        cohort[.cohortSales] = Int64(state.salesCount)
        cohort[.appointmentsSet] = Int64(state.appointmentsSet)
        cohort[.optedOut] = contacted && state.optedOutAt != nil ? 1 : 0
        if untrusted { cohort[.responseTimeExcluded] = 1 }
        if let cost = profile.cost {
            cohort[.pricedLeads] = 1
            cohort[.leadSpendCents] = cost.cents
        }
        cohort[.cohortRevenueCents] = state.revenue.cents
        let contact = ContactVerdict(profile.contact)
        cohort.count(contact)
        if let temperature = LeadTemperature(state, contact: contact, weights: resolver.temperature) {
            cohort[.temperaturePoints] = Int64(temperature.score)
            cohort[.temperaturePointsSquared] = Int64(temperature.score * temperature.score)
            cohort.count(temperature, bought: state.salesCount > 0)
        }
        if let milliseconds = responseMilliseconds, let first, let start {
            let tier = responseTime.tier(of: profile)
            let elapsed = responseTime.clock == .business ? store.calendar.openSeconds(from: start, to: first) : Double(milliseconds) / 1000
            cohort[.answeredWithinSLA] = elapsed <= responseTime.sla(for: tier, at: profile.storeID) ? 1 : 0
            cohort[.answered] = 1
            cohort[.responseMillisecondsSum] = milliseconds
            cohort[.answeredWithinFiveMinutes] = milliseconds <= 300_000 ? 1 : 0
            cohort.responseTimes.add(Double(milliseconds) / 1000)
        }
        if let pickup = AgentPickup(self) {
            cohort[.handedOff] = 1
            let sla = responseTime.sla(for: responseTime.tier(of: profile), at: profile.storeID)
            switch pickup.outcome(sla: sla, on: responseTime.clock, calendar: store.calendar) {
            case .pickedUp(let seconds, let withinSLA):
                cohort[.pickedUp] = 1
                cohort[.pickupMillisecondsSum] = Int64((seconds * 1000).rounded())
                cohort.pickupTimes.add(seconds)
                cohort[.pickedUpWithinSLA] = withinSLA ? 1 : 0
            case .closedFirst: cohort[.pickupClosedFirst] = 1
            case .notPickedUp: break
            }
        }
        if state.inboundCount > 0 {
            cohort[.conversations] = 1
            let length = Int64(state.outboundCount + state.inboundCount)
            cohort[.conversationMessages] = length
            cohort[.conversationMessagesSquared] = length * length
        }
        if let satisfaction = state.satisfaction {
            cohort[.satisfactionAnswers] = 1
            cohort[.satisfactionPoints] = Int64(satisfaction)
            cohort[.satisfactionPointsSquared] = Int64(satisfaction * satisfaction)
        }
        if let recommend = state.recommend {
            cohort[.recommendAnswers] = 1
            cohort[.promoters] = recommend >= 9 ? 1 : 0
            cohort[.detractors] = recommend <= 6 ? 1 : 0
        }
        byDay[resolver.day(of: segment.store, at: createdAt), default: RollupMetrics()].add(cohort)

        for message in messages where message.key.direction == .outbound {
            guard let sentAt = message.at else { continue }
            count(.messagesSent, at: sentAt)
            switch message.status {
            case .delivered: count(.messagesDelivered, at: sentAt)
            case .undelivered, .failed: count(.messagesFailed, at: sentAt)
            case .queued, .sent, nil: break
            }
        }
        for complaint in complaints {
            count(.complaints, at: complaint.at)
        }
        for sale in sales {
            count(.salesClosed, at: sale.closedAt)
            count(.revenueCents, sale.amount.cents, at: sale.closedAt)
            let hundreds = (sale.amount.cents + 5_000) / 10_000
            count(.saleHundredsSquared, hundreds * hundreds, at: sale.closedAt)
            if isAIAssisted(before: sale.closedAt) {
                count(.aiAssistedRevenueCents, sale.amount.cents, at: sale.closedAt)
                count(.aiAssistedSales, at: sale.closedAt)
            }
        }
        for appointment in appointments {
            guard appointment.setAt != nil, let scheduledFor = appointment.scheduledFor else { continue }
            count(.appointmentsScheduled, at: scheduledFor)
            switch appointment.outcome {
            case .attended: count(.appointmentsAttended, at: scheduledFor)
            case .noShow: count(.appointmentsNoShow, at: scheduledFor)
            case .scheduled, .cancelled: break
            }
        }

        return DailyContributions(segment: segment, byDay: byDay)
    }

    /// The lead had an AI message and had written back by the time of the sale.
    func isAIAssisted(before instant: Timestamp) -> Bool {
        guard let ai = state.firstAIMessageAt, let reply = state.firstInboundAt else { return false }
        return ai <= instant && reply <= instant
    }
}

/// How the rollups change when the records of `leads` go from `before` to `after`.
public func rollupDelta(
    leads: Set<LeadID>, before: [LeadID: LeadRecords], after: [LeadID: LeadRecords], resolver: LocalDayResolver
) -> [RollupCell: RollupMetrics] {
    var delta: [RollupCell: RollupMetrics] = [:]
    for lead in leads {
        let old = before[lead]?.dailyContributions(resolver: resolver)
        let new = after[lead]?.dailyContributions(resolver: resolver)
        if let old, let new, old.segment == new.segment {
            // Usually an event moves one or two days' figures of a lead whose segments stay:
            // only those days are filed under the dimensions, not the lead's whole history twice.
            var changed = new.byDay
            for (day, metrics) in old.byDay { changed[day, default: RollupMetrics()].add(metrics, sign: -1) }
            DailyContributions(segment: new.segment, byDay: changed.filter { !$0.value.isZero }).file(into: &delta)
        } else {
            new?.file(into: &delta)
            old?.file(into: &delta, sign: -1)
        }
    }
    return delta.filter { !$0.value.isZero }
}

/// A lead's figures by local day of its store, with the segments it is filed under.
public struct DailyContributions: Sendable {
    public var segment: LeadSegment
    public var byDay: [Int64: RollupMetrics]

    /// Adds (or with `sign: -1` takes away) these figures in every dimension's cell.
    public func file(into cells: inout [RollupCell: RollupMetrics], sign: Int64 = 1) {
        cells.reserveCapacity(cells.count + byDay.count * SegmentDimension.allCases.count)
        for (day, metrics) in byDay {
            for dimension in SegmentDimension.allCases {
                cells[RollupCell(dimension: dimension, value: segment.value(for: dimension), store: segment.store, day: day), default: RollupMetrics()]
                    .add(metrics, sign: sign)
            }
        }
    }
}
