import Foundation
import PitwallCore

/// The KPIs recomputed the plain way: one pass over the raw events, no ledger, no rollups,
/// local days from Foundation's calendar. The scorecard must agree with it.
struct IndependentKPIScan {
    struct Figure: Equatable, CustomStringConvertible {
        var numerator: Double
        var denominator: Double
        var description: String { "\(numerator)/\(denominator)" }
    }

    var figures: [KPIKey: Figure] = [:]
    var responseSeconds: [Double] = []
    /// Each sale's amount and each conversation's length, for the spread of the two averages.
    var saleAmounts: [Double] = []
    var conversationLengths: [Double] = []
    /// Answers dated before the lead started.
    var excludedResponses = 0
    /// The scoring check: leads by band of 20 points before any verdict and by reason (as
    /// the API names them), and those of them that bought.
    var bandLeads = [Int](repeating: 0, count: 5), bandSold = [Int](repeating: 0, count: 5)
    var reasonLeads: [String: Int] = [:], reasonSold: [String: Int] = [:]
    var leadsSold = 0
    /// Spend and return: the leads that came with a cost, what they cost, and what all of
    /// the leads' sales brought, in cents.
    var pricedLeads = 0, spendCents: Int64 = 0, cohortRevenueCents: Int64 = 0
    /// The platform's return: texts sent in the window, and the sales the AI helped, by the
    /// days they happened.
    var textsSent = 0, aiSales = 0, aiRevenueCents: Int64 = 0

    /// Each lead's defining `lead.created`: the earliest (by time, then id) of those delivered.
    static func firstCreated(_ events: [Event]) -> [LeadID: Event] {
        var created: [LeadID: Event] = [:]
        for event in events {
            guard case .leadCreated = event.payload else { continue }
            if let existing = created[event.leadID], (existing.occurredAt, existing.id) < (event.occurredAt, event.id) { continue }
            created[event.leadID] = event
        }
        return created
    }

    init(events: [Event], zones: [StoreID: TimeZone], from: CivilDate, to: CivilDate, store: StoreID? = nil, source: String? = nil) {
        let created = Self.firstCreated(events)
        func profile(_ lead: LeadID) -> LeadCreated? {
            if case .leadCreated(let profile)? = created[lead]?.payload { return profile }
            return nil
        }
        func localDate(_ lead: LeadID, _ instant: Timestamp) -> CivilDate? {
            guard let profile = profile(lead) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zones[profile.storeID] ?? TimeZone(secondsFromGMT: 0)!
            let parts = calendar.dateComponents([.year, .month, .day], from: instant.date)
            return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
        }
        func selected(_ lead: LeadID, _ instant: Timestamp) -> Bool {
            guard let profile = profile(lead), let date = localDate(lead, instant) else { return false }
            return date >= from && date <= to && (store == nil || profile.storeID == store) && (source == nil || profile.source == source)
        }
        let byLead = Dictionary(grouping: events, by: \.leadID)

        var leads = 0.0, contacted = 0.0, responded = 0.0, sales = 0.0, appointments = 0.0, optedOut = 0.0
        var conversations = 0.0, conversationMessages = 0.0, temperaturePoints = 0.0
        var satisfactionAnswers = 0.0, satisfactionPoints = 0.0, recommendAnswers = 0.0, promotersLessDetractors = 0.0
        for (lead, creation) in created where selected(lead, creation.occurredAt) {
            let own = byLead[lead] ?? []
            let sends = own.compactMap { event -> (Timestamp, MessageSent)? in
                if case .messageSent(let sent) = event.payload { return (event.occurredAt, sent) }
                return nil
            }
            let replies = own.compactMap { event -> MessageReceived? in
                if case .messageReceived(let received) = event.payload { return received }
                return nil
            }
            leads += 1
            sales += Double(Set(own.compactMap { event -> SaleID? in
                if case .saleClosed(let sale) = event.payload { return sale.saleID }
                return nil
            }).count)
            let appointmentsOfLead = Set(own.compactMap { event -> AppointmentID? in
                if case .appointmentSet(let set) = event.payload { return set.appointmentID }
                return nil
            }).count
            appointments += Double(appointmentsOfLead)
            let stopped = own.contains { event in
                if case .leadOptedOut = event.payload { return true }
                if case .messageReceived(let received) = event.payload, let body = received.body {
                    let word = body.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).uppercased()
                    return ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"].contains(word)
                }
                return false
            }
            if !sends.isEmpty {
                contacted += 1
                if !replies.isEmpty { responded += 1 }
                if stopped { optedOut += 1 }
            }
            if !replies.isEmpty {
                conversations += 1
                conversationMessages += Double(sends.count + replies.count)
                conversationLengths.append(Double(sends.count + replies.count))
            }
            let start = profile(lead)!.submittedAt ?? creation.occurredAt
            let firstAnswer = sends.filter({ !$0.1.autoReply }).map(\.0).min()
            if let first = firstAnswer {
                // Answered "before" the form was sent: a clock error, counted apart.
                if first < start { excludedResponses += 1 } else { responseSeconds.append(start.seconds(until: first)) }
            }
            // The temperature, point by point as docs/kpis.md lists them; the points before any
            // verdict also go to the scoring check, by band and by reason, beside whether it bought.
            let bought = own.contains { if case .saleClosed = $0.payload { return true } else { return false } }
            let complained = own.contains { if case .leadComplained = $0.payload { return true } else { return false } }
            let lead = profile(lead)!
            var earned: [String: Int] = [lead.tier.map { "\($0.rawValue)_tier" } ?? "no_tier": lead.tier.map { [LeadTier.hot: 30, .warm: 20, .cold: 10][$0]! } ?? 15]
            if !ContactVerdict(lead.contact).unreachable { earned["reachable"] = 10 }
            if !(lead.vehicle?.make ?? "").isEmpty || !(lead.vehicle?.model ?? "").isEmpty { earned["vehicle_named"] = 10 }
            if let first = firstAnswer, first >= start, start.seconds(until: first) <= 300 { earned["answered_within_5_minutes"] = 15 }
            if !replies.isEmpty { earned["replied"] = 15 }
            if replies.count >= 3 { earned["kept_talking"] = 10 }
            if appointmentsOfLead > 0 { earned["appointment_set"] = 10 }
            let points = min(100, earned.values.reduce(0, +))
            if bought {
                temperaturePoints += 100
            } else if !stopped && !complained {
                temperaturePoints += Double(points)
            }
            let band = min(points / 20, 4)
            bandLeads[band] += 1
            if bought { bandSold[band] += 1 }
            for reason in earned.keys {
                reasonLeads[reason, default: 0] += 1
                if bought { reasonSold[reason, default: 0] += 1 }
            }
            if bought { leadsSold += 1 }
            if let cost = lead.cost {
                pricedLeads += 1
                spendCents += Int64((cost.amount * 100).rounded())
            }
            // Each survey question's latest answer (by time, then id), whatever answered the other.
            let surveys = own.compactMap { event -> (EventOrderKey, SurveyAnswer)? in
                if case .surveyAnswered(let answer) = event.payload { return (event.orderKey, answer) }
                return nil
            }.sorted { $0.0 < $1.0 }
            if let satisfaction = surveys.last(where: { $0.1.satisfaction != nil })?.1.satisfaction {
                satisfactionAnswers += 1
                satisfactionPoints += Double(satisfaction)
            }
            if let recommend = surveys.last(where: { $0.1.recommend != nil })?.1.recommend {
                recommendAnswers += 1
                promotersLessDetractors += recommend >= 9 ? 1 : recommend <= 6 ? -1 : 0
            }
            var amounts: [SaleID: Double] = [:]
            for event in own { if case .saleClosed(let sale) = event.payload { amounts[sale.saleID] = sale.amount.amount } }
            cohortRevenueCents += amounts.values.reduce(0) { $0 + Int64(($1 * 100).rounded()) }
        }
        figures[.leadTemperatureScore] = Figure(numerator: temperaturePoints, denominator: leads)
        figures[.leadToSaleConversion] = Figure(numerator: sales, denominator: leads)
        figures[.leadResponseRate] = Figure(numerator: responded, denominator: contacted)
        figures[.appointmentSettingRate] = Figure(numerator: appointments, denominator: contacted)
        figures[.optOutRate] = Figure(numerator: optedOut, denominator: contacted)
        figures[.conversationLength] = Figure(numerator: conversationMessages, denominator: conversations)
        figures[.customerSatisfaction] = Figure(numerator: satisfactionPoints, denominator: satisfactionAnswers)
        figures[.netPromoterScore] = Figure(numerator: promotersLessDetractors, denominator: recommendAnswers)

        // Messages by the day they were sent, with their latest status.
        var latestStatus: [MessageID: (Timestamp, Int, EventID, DeliveryStatus)] = [:]
        for event in events {
            guard case .messageStatus(let change) = event.payload else { continue }
            let key = (event.occurredAt, change.status.lifecycleRank, event.id, change.status)
            if let existing = latestStatus[change.messageID], (existing.0, existing.1, existing.2) > (key.0, key.1, key.2) { continue }
            latestStatus[change.messageID] = key
        }
        var sent = 0.0, delivered = 0.0, failed = 0.0, complaints = 0.0
        for event in events {
            switch event.payload {
            case .messageSent(let message) where selected(event.leadID, event.occurredAt):
                sent += 1
                switch latestStatus[message.messageID]?.3 {
                case .delivered: delivered += 1
                case .undelivered, .failed: failed += 1
                default: break
                }
            case .leadComplained where selected(event.leadID, event.occurredAt):
                complaints += 1
            default: break
            }
        }
        textsSent = Int(sent)
        figures[.messageDeliveryRate] = Figure(numerator: delivered, denominator: delivered + failed)
        figures[.complaintRate] = Figure(numerator: complaints, denominator: sent)

        // Sales by the day they closed.
        var revenue = 0.0, aiRevenue = 0.0, closed = 0.0
        for event in events {
            guard case .saleClosed(let sale) = event.payload, selected(event.leadID, event.occurredAt) else { continue }
            let own = byLead[event.leadID] ?? []
            let hadAI = own.contains { if case .messageSent(let sent) = $0.payload { return sent.sender == .ai && $0.occurredAt <= event.occurredAt } else { return false } }
            let hadReply = own.contains { if case .messageReceived = $0.payload { return $0.occurredAt <= event.occurredAt } else { return false } }
            closed += 1
            revenue += sale.amount.amount
            saleAmounts.append(sale.amount.amount)
            if hadAI && hadReply {
                aiRevenue += sale.amount.amount
                aiSales += 1
                aiRevenueCents += Int64((sale.amount.amount * 100).rounded())
            }
        }
        figures[.averageSaleValue] = Figure(numerator: revenue, denominator: closed)
        figures[.aiAssistedRevenueShare] = Figure(numerator: aiRevenue, denominator: revenue)

        // Appointments by the day they are scheduled for, with their latest outcome.
        var scheduled: [AppointmentID: (lead: LeadID, at: Timestamp, setKey: EventOrderKey)] = [:]
        var outcome: [AppointmentID: (EventOrderKey, AppointmentOutcome)] = [:]
        for event in events {
            let pair: (AppointmentID, AppointmentOutcome)?
            switch event.payload {
            case .appointmentSet(let set):
                if scheduled[set.appointmentID].map({ $0.setKey < event.orderKey }) ?? true {
                    scheduled[set.appointmentID] = (event.leadID, set.scheduledFor, event.orderKey)
                }
                pair = (set.appointmentID, .scheduled)
            case .appointmentAttended(let id): pair = (id, .attended)
            case .appointmentNoShow(let id): pair = (id, .noShow)
            case .appointmentCancelled(let id): pair = (id, .cancelled)
            default: pair = nil
            }
            if let (id, result) = pair, outcome[id].map({ $0.0 < event.orderKey }) ?? true { outcome[id] = (event.orderKey, result) }
        }
        var attended = 0.0, noShow = 0.0
        for (id, appointment) in scheduled where selected(appointment.lead, appointment.at) {
            switch outcome[id]?.1 {
            case .attended: attended += 1
            case .noShow: noShow += 1
            default: break
            }
        }
        figures[.appointmentShowRate] = Figure(numerator: attended, denominator: attended + noShow)
    }

    /// The exact median by the scorecard's rule (lower rank).
    var medianResponse: Double? {
        guard !responseSeconds.isEmpty else { return nil }
        return responseSeconds.sorted()[(responseSeconds.count - 1) / 2]
    }
}
