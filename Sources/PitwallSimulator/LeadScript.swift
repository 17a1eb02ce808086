import PitwallCore

/// Writes the whole history of one lead: its arrival, the AI's first text, the agent's
/// follow-up, replies, opt-outs, appointments and a sale, each with a plausible delay.
struct LeadScript {
    let store: SimulatedStore
    let calendar: BusinessCalendar
    let leadID: LeadID
    let createdAt: Timestamp
    let disruptions: Disruptions
    var random: SeededRandom
    private(set) var events: [Event] = []
    private var eventNumber = 0
    private var messageNumber = 0
    private var replyNumber = 0
    /// The lead's phone is a landline or dead: every text to it fails.
    private var unreachable = false
    private(set) var optedOut = false
    var agent: SimulatedAgent?
    private var contact: Contact?

    /// The survey's own draws: the rest of a lead's history is as it was before surveys were simulated.
    var surveyRandom: SeededRandom

    init(store: SimulatedStore, leadID: LeadID, createdAt: Timestamp, disruptions: Disruptions, random: SeededRandom, surveyRandom: SeededRandom) {
        self.store = store
        self.surveyRandom = surveyRandom
        self.calendar = store.calendar
        self.leadID = leadID
        self.createdAt = createdAt
        self.disruptions = disruptions
        self.random = random
    }

    /// Writes the lead's events. `repeatContact` makes it a second enquiry by an earlier customer.
    mutating func write(source: LeadSourceProfile, repeatContact: Contact?) -> Contact {
        let tier = LeadTier.allCases[random.weightedIndex(source.tierWeights)]
        var contact = repeatContact ?? makeContact()
        unreachable = contact.phone != nil && random.chance(0.03)
        if unreachable, repeatContact == nil, source.phoneTypedByHand, let phone = contact.phone {
            // A digit left out in the form: every text to the number fails, as to a landline.
            contact.phone = String(phone.dropLast())
        }
        self.contact = contact
        let submittedAt = source.medianSubmissionLagSeconds.map { median in
            // One form in a hundred comes from a web server whose clock runs minutes fast: its
            // submission time is after the CRM's receipt, as real feeds sometimes are.
            random.chance(0.01)
                ? createdAt.adding(seconds: random.uniform(60...240))
                : createdAt.adding(seconds: -min(random.logNormal(median: median, sigma: 0.9), 900))
        }
        let campaign = source.campaigns.isEmpty ? nil : CampaignID(random.pick(source.campaigns))
        let cost = source.cost == 0 ? Money.zero : Money(amount: (source.cost * random.uniform(0.85...1.15) * 100).rounded() / 100)
        emit(
            createdAt,
            .leadCreated(
                LeadCreated(
                    storeID: store.profile.id, source: source.name, campaignID: campaign, region: store.region, tier: tier,
                    submittedAt: submittedAt, cost: cost, vehicle: makeVehicle(), contact: contact)))

        let startedAt = submittedAt ?? createdAt
        let firstAnswer: Timestamp
        let firstTextAt: Timestamp
        var replyChance: Double
        if source.isInPerson {
            handOver(to: random.pick(store.agents), at: createdAt.adding(seconds: random.uniform(20...120)))
            // The customer is on the phone or in the showroom: someone speaks to them within a
            // minute or two, and a slow floor only a little later. Were they left waiting as
            // long as a web form, the leads that buy most would fill the "answered late"
            // buckets and the demo would say speed does not pay.
            firstAnswer = createdAt.adding(seconds: 60 * random.logNormal(median: 0.5 + agent!.medianMinutesToRespond * 0.06, sigma: 0.5))
            firstTextAt = firstAnswer
            sendOutbound(at: firstAnswer, channel: random.chance(0.5) ? .call : .sms, sender: .agent)
            replyChance = 0.85
        } else {
            if store.sendsAutoReply, contact.email != nil {
                sendOutbound(at: createdAt.adding(seconds: random.uniform(2...8)), channel: .email, sender: .ai, autoReply: true)
            }
            var aiAt = createdAt.adding(seconds: min(random.logNormal(median: 25, sigma: 0.9), 900))
            if let recovered = disruptions.aiAvailable(at: aiAt) { aiAt = recovered.adding(seconds: random.uniform(20...600)) }
            let (template, experiment) = chooseFirstTouch()
            sendOutbound(
                at: aiAt, channel: contact.phone == nil ? .email : .sms, sender: .ai, template: template.id,
                campaign: campaign, experiment: experiment)
            firstTextAt = aiAt
            var answer = aiAt
            if tier == .hot {
                handOver(to: random.pick(store.agents), at: createdAt.adding(seconds: random.uniform(5...90)))
                let agentAt = agentTime(after: createdAt)
                sendOutbound(at: agentAt, channel: random.chance(0.4) ? .call : .sms, sender: .agent)
                answer = min(answer, agentAt)
            }
            firstAnswer = answer
            replyChance = 0.85 * template.replyRate * source.replyQuality * hourFactor(aiAt)
            replyChance *= tier == .hot ? 1.2 : tier == .cold ? 0.75 : 1
        }
        let speed = speedFactor(seconds: startedAt.seconds(until: firstAnswer))
        replyChance *= speed
        if unreachable { replyChance = 0 }

        var engaged = false
        if random.chance(replyChance) {
            engaged = converse(startingAt: firstTextAt.adding(seconds: 60 * random.logNormal(median: 6, sigma: 1.3)), source: source, speed: speed)
        } else if !source.isInPerson {
            engaged = followUp(after: firstTextAt, source: source, speed: speed)
        }
        if !engaged, !optedOut, random.chance(0.028 * source.buyingQuality * store.closingSkill * speed) {
            closeSale(at: createdAt.adding(seconds: 86_400 * random.uniform(2...20)))
        }
        answerSurvey(waitedSeconds: startedAt.seconds(until: firstAnswer))
        // One lead in five hundred loses its lead.created on the way from the CRM; the rest of
        // its events still arrive.
        if random.chance(0.002) { events.removeAll { $0.type == .leadCreated } }
        return contact
    }

    // MARK: - Conversation

    /// The lead has answered at `replyAt`. Returns whether the conversation went anywhere.
    private mutating func converse(startingAt replyAt: Timestamp, source: LeadSourceProfile, speed: Double) -> Bool {
        receive(at: replyAt, body: random.chance(stopShare(source)) ? random.pick(["STOP", "stop", "Stop.", "STOP!", "unsubscribe", "Cancel"]) : nil)
        if optedOut {
            if random.chance(0.5) {
                emit(replyAt.adding(seconds: random.uniform(0.5...3)), .leadOptedOut(OptOut(channel: .sms, keyword: "STOP")))
            }
            return false
        }
        if agent == nil {
            handOver(to: random.pick(store.agents), at: replyAt.adding(seconds: random.uniform(10...240)))
        }
        var now = replyAt
        let sentBefore = events.count
        let exchanges = 1 + random.poisson(mean: 2.2)
        var lastOutbound = now
        for _ in 0..<exchanges {
            let humanAvailable = calendar.isOpen(at: now)
            let sender: Sender = humanAvailable || random.chance(0.2) ? .agent : .ai
            let answerAt = sender == .agent ? agentTime(after: now) : now.adding(seconds: random.uniform(8...60))
            sendOutbound(at: answerAt, channel: .sms, sender: sender)
            lastOutbound = answerAt
            guard random.chance(0.75) else { break }
            now = answerAt.adding(seconds: 60 * random.logNormal(median: 8, sigma: 1.1))
            receive(at: now, body: nil)
        }
        if random.chance(0.004) {
            emit(lastOutbound.adding(seconds: random.uniform(60...3600)), .leadComplained(Complaint(messageID: lastMessageID)))
        }
        let takeOver = handOffFactor(replyAt: replyAt, personFirstAt: events[sentBefore...].first { event in
            if case .messageSent(let sent) = event.payload { return sent.sender == .agent }
            return false
        }?.occurredAt)
        if random.chance(min(0.95, 0.34 * source.buyingQuality.squareRoot() * speed * takeOver * (agent?.knack ?? 1))) {
            bookAppointment(at: lastOutbound.adding(seconds: random.uniform(30...600)), source: source, speed: speed)
        }
        return true
    }

    /// Follow-up texts to a lead who has not answered; a late reply starts the conversation.
    /// About a third of the sequences begun between 09:00 and 16:00 chase the same afternoon,
    /// a few hours on, and are answered about a third as often as next-day ones; the last
    /// call a week on draws more STOPs than answers.
    private mutating func followUp(after firstText: Timestamp, source: LeadSourceProfile, speed: Double) -> Bool {
        guard contact?.phone != nil else { return false }
        let sameDay = (9..<16).contains(calendar.localTime(of: firstText).minute / 60) && random.chance(0.35)
        let followUps = MessageTemplateProfile.followUps
        for (index, template) in followUps.enumerated() {
            let at: Timestamp
            if index == 0 && sameDay {
                at = firstText.adding(seconds: random.uniform(7_200...14_400))
            } else {
                let date = calendar.localDate(of: firstText).adding(days: [1, 3, 7][index])
                at = calendar.instant(of: date, minute: random.integer(600...1020))
            }
            sendOutbound(at: at, channel: .sms, sender: .ai, template: template.id)
            if random.chance(0.003) {
                emit(at.adding(seconds: random.uniform(120...7200)), .leadComplained(Complaint(messageID: lastMessageID)))
                return false
            }
            if !unreachable, random.chance(template.stopRate) {
                let stopAt = at.adding(seconds: 60 * random.logNormal(median: 15, sigma: 1.1))
                receive(at: stopAt, body: random.pick(["STOP", "stop", "Stop", "UNSUBSCRIBE"]))
                if random.chance(0.5) { emit(stopAt.adding(seconds: random.uniform(0.5...3)), .leadOptedOut(OptOut(channel: .sms, keyword: "STOP"))) }
                return false
            }
            let rate = template.replyRate * (index == 0 && sameDay ? 0.35 : 1)
            if !unreachable, random.chance(rate * source.replyQuality) {
                return converse(startingAt: at.adding(seconds: 60 * random.logNormal(median: 20, sigma: 1.2)), source: source, speed: speed * 0.8)
            }
        }
        return false
    }

    private mutating func bookAppointment(at setAt: Timestamp, source: LeadSourceProfile, speed: Double) {
        let appointment = AppointmentID("\(leadID.rawValue)-a1")
        var date = calendar.localDate(of: setAt).adding(days: random.integer(1...6))
        while store.profile.hours.intervals(isoWeekday: date.isoWeekday).isEmpty || store.profile.holidays.contains(date) {
            date = date.adding(days: 1)
        }
        let opening = store.profile.hours.intervals(isoWeekday: date.isoWeekday)[0]
        let slots = max(1, (opening.endMinute - opening.startMinute - 60) / 30)
        let scheduledFor = calendar.instant(of: date, minute: opening.startMinute + 30 * random.integer(0...(slots - 1)))
        emit(setAt, .appointmentSet(AppointmentSet(appointmentID: appointment, scheduledFor: scheduledFor)))
        let fate = random.unit()
        if fate < 0.08 {
            emit(setAt.adding(seconds: setAt.seconds(until: scheduledFor) * random.uniform(0.2...0.9)), .appointmentCancelled(appointment))
        } else if fate < 0.08 + 0.70 * (0.9 + 0.1 * speed) {
            emit(scheduledFor.adding(seconds: random.uniform(-600...1500)), .appointmentAttended(appointment))
            if random.chance(0.6 * store.closingSkill * source.buyingQuality.squareRoot() * (0.6 + 0.4 * speed)) {
                let sameDay = random.chance(0.7)
                closeSale(at: scheduledFor.adding(seconds: sameDay ? random.uniform(3600...14_400) : 86_400 * random.uniform(1...10)))
            }
        } else {
            emit(scheduledFor.adding(seconds: random.uniform(3600...7200)), .appointmentNoShow(appointment))
        }
    }

    private mutating func closeSale(at closedAt: Timestamp) {
        let vehicle = makeVehicle()
        let brand = PeopleCatalogue.brand(named: vehicle.make ?? store.brand)
        let price: Double =
            switch vehicle.condition ?? .used {
            case .new: brand.newPrice * random.logNormal(median: 1, sigma: 0.16)
            case .cpo: brand.newPrice * 0.78 * random.logNormal(median: 1, sigma: 0.15)
            case .used: min(max(26_000 * random.logNormal(median: 1, sigma: 0.33), 7_500), 72_000)
            }
        emit(closedAt, .saleClosed(SaleClosed(saleID: SaleID("\(leadID.rawValue)-s1"), amount: Money(amount: (price / 10).rounded() * 10), vehicle: vehicle)))
    }

    // MARK: - Messages

    private var lastMessageID: MessageID { MessageID("\(leadID.rawValue)-m\(messageNumber)") }

    private mutating func sendOutbound(
        at sentAt: Timestamp, channel: Channel, sender: Sender, autoReply: Bool = false, template: String? = nil,
        campaign: CampaignID? = nil, experiment: (id: String, variant: String)? = nil
    ) {
        if sender == .agent, disruptions.isAway(agent?.id, at: sentAt) { return }
        messageNumber += 1
        let id = lastMessageID
        emit(
            sentAt,
            .messageSent(
                MessageSent(
                    messageID: id, channel: channel, sender: sender, agentID: sender == .agent ? agent?.id : nil,
                    templateID: template.map { TemplateID($0) }, campaignID: campaign, experimentID: experiment?.id,
                    variantID: experiment?.variant, autoReply: autoReply)))
        guard channel == .sms || channel == .email, !disruptions.receiptLost(at: store.profile.id, sentAt: sentAt) else { return }
        emit(sentAt.adding(seconds: random.uniform(0.05...0.4)), .messageStatus(MessageStatusChange(messageID: id, status: .queued)))
        let handedOver = sentAt.adding(seconds: random.uniform(0.5...2.5))
        emit(handedOver, .messageStatus(MessageStatusChange(messageID: id, status: .sent)))
        // Some carriers never confirm: the message stays pending.
        guard !random.chance(0.01) else { return }
        let verdictAt = handedOver.adding(seconds: random.logNormal(median: 4, sigma: 0.7))
        let failureChance = channel == .email ? 0.01 : disruptions.carrierTroubled(at: sentAt) ? 0.3 : 0.022
        if channel == .sms && unreachable {
            emit(verdictAt, .messageStatus(MessageStatusChange(messageID: id, status: .undelivered, errorCode: "30006")))
        } else if random.chance(failureChance) {
            let code = random.pick(["30003", "30005", "30007", "30008"])
            emit(verdictAt, .messageStatus(MessageStatusChange(messageID: id, status: random.chance(0.6) ? .undelivered : .failed, errorCode: code)))
        } else {
            emit(verdictAt, .messageStatus(MessageStatusChange(messageID: id, status: .delivered)))
        }
    }

    private mutating func receive(at receivedAt: Timestamp, body: String?) {
        replyNumber += 1
        let text = body ?? random.pick(Self.replies)
        emit(receivedAt, .messageReceived(MessageReceived(messageID: MessageID("\(leadID.rawValue)-r\(replyNumber)"), channel: .sms, body: text)))
        if ConsentClassifier.read(text)?.intent == .optOut { optedOut = true }
    }

    static let replies = [
        "Yes still interested", "What's the best price?", "Can I come by Saturday?", "Is it still available?",
        "Do you take trade-ins?", "What would my payment be?", "Can you send more pictures", "Not yet, maybe next month",
        "Does it have heated seats?", "I'm at work, text me later", "How many miles?", "Ok sounds good", "Thanks!",
        "What time do you close?", "Can I get preapproved online?",
    ]

    // MARK: - Choices

    private mutating func chooseFirstTouch() -> (MessageTemplateProfile, (id: String, variant: String)?) {
        let templates = MessageTemplateProfile.firstTouch
        if random.chance(MessageTemplateProfile.experimentShare) {
            let variantB = random.chance(0.5)
            return (templates[variantB ? 2 : 0], (MessageTemplateProfile.experimentID, variantB ? "B" : "A"))
        }
        return (templates[random.weightedIndex(MessageTemplateProfile.firstTouchWeights)], nil)
    }

    /// When a human answers something that arrived at `instant`: after their usual delay, and
    /// only while the store is open.
    /// Hands the lead to `picked`; while the store's rotation is stuck on an agent who is away,
    /// to them. Picked first either way, so the other stores' events stay as they were.
    private mutating func handOver(to picked: SimulatedAgent, at instant: Timestamp) {
        var chosen = picked
        if let away = disruptions.agentAway, instant >= away.from, let stuck = store.agents.first(where: { $0.id == away.agent }) { chosen = stuck }
        agent = chosen
        emit(instant, .leadAssigned(agent: chosen.id, notifiedVia: NotificationTrial.method(store: store, lead: leadID)))
    }

    private mutating func agentTime(after instant: Timestamp) -> Timestamp {
        let person = agent ?? random.pick(store.agents)
        // Told of the lead and of each reply the same way it was handed over.
        let told = agent == nil ? 1 : NotificationTrial.slowness(NotificationTrial.method(store: store, lead: leadID))
        let delay = 60 * random.logNormal(median: person.medianMinutesToRespond * told * disruptions.answerSlowness(person.id, at: instant), sigma: 0.8)
        let opening = calendar.nextOpening(atOrAfter: instant) ?? instant
        var at = opening.adding(seconds: delay)
        if !calendar.isOpen(at: at) { at = (calendar.nextOpening(atOrAfter: at) ?? at).adding(seconds: random.uniform(60...900)) }
        return at
    }

    /// Replies are fewer late at night.
    private func hourFactor(_ instant: Timestamp) -> Double {
        let hour = calendar.localTime(of: instant).minute / 60
        switch hour {
        case 8...20: return 1
        case 21...22: return 0.8
        default: return 0.55
        }
    }

    /// A lead who answers books more often the sooner a person takes over from the AI.
    private func handOffFactor(replyAt: Timestamp, personFirstAt: Timestamp?) -> Double {
        guard let personFirstAt else { return 0.75 }
        switch replyAt.seconds(until: personFirstAt) {
        case ..<300: return 1.25
        case ..<900: return 1.1
        case ..<3_600: return 1
        case ..<14_400: return 0.85
        default: return 0.75
        }
    }

    /// Speed sells: the later the first answer, the less a lead engages, and the likelier it
    /// has bought elsewhere by the time it does.
    private func speedFactor(seconds: Double) -> Double {
        switch seconds {
        case ..<300: 1
        case ..<900: 0.75
        case ..<3600: 0.6
        case ..<86_400: 0.45
        default: 0.35
        }
    }

    private func stopShare(_ source: LeadSourceProfile) -> Double {
        source.name == "facebook_ads" ? 0.09 : 0.045
    }

    /// Seven digits a carrier could assign: an exchange that is a service code (N11) or the
    /// 555 of fiction moves to the next one, so the random draws stay those of earlier versions.
    private func assignableNumber(exchangeDigit: Int, rest: Int) -> String {
        var number = exchangeDigit * 1_000_000 + rest
        let exchange = number / 10_000
        if exchange % 100 == 11 || exchange == 555 { number += 10_000 }
        return number.zeroPadded(7)
    }

    private mutating func makeContact() -> Contact {
        let first = random.pick(PeopleCatalogue.firstNames)
        let last = random.pick(PeopleCatalogue.lastNames)
        let phone = random.chance(0.96) ? "+1\(random.pick(store.areaCodes))\(assignableNumber(exchangeDigit: random.integer(2...9), rest: random.integer(0...999_999)))" : nil
        let email = random.chance(0.85) ? "\(first.lowercased()).\(last.lowercased())\(random.integer(1...999))@example.com" : nil
        return Contact(firstName: first, lastName: last, phone: phone, email: email)
    }

    private mutating func makeVehicle() -> Vehicle {
        let conditionRoll = random.unit()
        let year = calendar.localDate(of: createdAt).year
        if conditionRoll < 0.48 {
            let brand = PeopleCatalogue.brand(named: store.brand)
            return Vehicle(condition: .new, make: brand.name, model: random.pick(brand.models), year: year + (random.chance(0.3) ? 1 : 0))
        }
        if conditionRoll < 0.58 {
            let brand = PeopleCatalogue.brand(named: store.brand)
            return Vehicle(condition: .cpo, make: brand.name, model: random.pick(brand.models), year: year - random.integer(1...5))
        }
        let brand = random.pick(PeopleCatalogue.brands)
        return Vehicle(condition: .used, make: brand.name, model: random.pick(brand.models), year: year - random.integer(1...10))
    }

    mutating func emit(_ at: Timestamp, _ payload: EventPayload) {
        eventNumber += 1
        events.append(Event(id: EventID("\(leadID.rawValue)-e\(eventNumber)"), occurredAt: at, leadID: leadID, payload: payload))
    }
}
