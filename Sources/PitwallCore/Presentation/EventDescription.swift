/// One event in words, for a lead's timeline: what happened, and the detail that matters.
public struct EventDescription: Hashable, Sendable {
    public var title: String
    public var detail: String
    /// `inbound`, `outbound`, `outcome`, `problem` or `info`: how the timeline marks it.
    public var kind: String

    /// `time` writes instants mentioned in the detail (an appointment's date), on the store's
    /// clock; `names`, the sources and agents as the pages call them.
    public init(_ event: Event, time: (Timestamp) -> String = { $0.rfc3339 }, names: DisplayNames = DisplayNames()) {
        switch event.payload {
        case .leadCreated(let lead):
            title = "Lead came in"
            var parts = ["from \(names.source(lead.source))"]
            if let vehicle = lead.vehicle {
                let name = [vehicle.year.map(String.init), vehicle.make, vehicle.model].compactMap { $0 }.joined(separator: " ")
                if !name.isEmpty { parts.append("asking about \(vehicle.condition.map { "\($0.rawValue) " } ?? "")\(name)") }
            }
            if let tier = lead.tier { parts.append("\(tier.rawValue) lead") }
            // The lead's page says it came in when the customer submitted it (where its clock
            // starts); this line sits at the time the feed sent it. Saying both reconciles them.
            if let submitted = lead.submittedAt, submitted != event.occurredAt { parts.append("submitted \(time(submitted))") }
            detail = parts.joined(separator: ", ")
            kind = "info"
        case .leadAssigned(let agent, let notifiedVia):
            title = "Assigned to \(names.agent(agent))"
            detail = notifiedVia.map { "told by \($0)" } ?? ""
            kind = "info"
        case .messageSent(let message):
            title = (message.sender == .ai ? "AI" : message.agentID.map(names.agent) ?? "An agent") + " sent " + Self.noun(message.channel)
            var parts: [String] = []
            if message.autoReply { parts.append("automatic acknowledgement") }
            if let template = message.templateID { parts.append("template \(template.rawValue)") }
            detail = parts.joined(separator: ", ")
            kind = "outbound"
        case .messageStatus(let change):
            title = "Message \(change.status.rawValue)"
            detail = change.errorCode.map { "carrier error \($0)" } ?? ""
            kind = change.status == .failed || change.status == .undelivered ? "problem" : "info"
        case .messageReceived(let message):
            title = "Customer replied by " + Self.noun(message.channel, article: false)
            detail = message.body.map { "“\($0.prefix(280))”" } ?? ""
            kind = "inbound"
            // Say in words what the reply did to consent, and by which rule, for the manager checking a complaint.
            switch message.body.flatMap(ConsentClassifier.read) {
            case let reading? where reading.intent == .optOut:
                title = "Customer opted out by " + Self.noun(message.channel, article: false)
                detail += " (\(ConsentWords.readable(reading.rule)))"
                kind = "problem"
            // YES alone is usually just an answer; START and UNSTOP only ever mean consent.
            case let reading? where reading.intent == .optIn && reading.rule != "keyword:YES":
                title = "Customer opted back in by " + Self.noun(message.channel, article: false)
                detail += " (\(ConsentWords.readable(reading.rule)))"
            default: break
            }
        case .leadOptedOut(let optOut):
            title = "Customer opted out"
            detail = optOut.keyword.map { "said \($0)" } ?? ""
            kind = "problem"
        case .leadComplained:
            title = "Customer complained"
            detail = ""
            kind = "problem"
        case .appointmentSet(let appointment):
            title = "Appointment set"
            detail = "for \(time(appointment.scheduledFor))"
            kind = "outcome"
        case .appointmentAttended:
            title = "Customer came to the appointment"
            detail = ""
            kind = "outcome"
        case .appointmentNoShow:
            title = "Customer did not show"
            detail = ""
            kind = "problem"
        case .appointmentCancelled:
            title = "Appointment cancelled"
            detail = ""
            kind = "info"
        case .saleClosed(let sale):
            title = "Sold"
            detail = KPIFormatting.dollars(sale.amount.amount)
            kind = "outcome"
        case .surveyAnswered(let answer):
            title = "Customer answered the survey"
            detail = [
                answer.satisfaction.map { "satisfaction \($0) of 5" }, answer.recommend.map { "would recommend \($0) of 10" },
            ].compactMap { $0 }.joined(separator: " · ")
            // A rating of 1-2, or a detractor's 0-6, is what a manager calls the customer back about.
            let unhappy = (answer.satisfaction.map { $0 <= 2 } ?? false) || (answer.recommend.map { $0 <= 6 } ?? false)
            kind = unhappy ? "problem" : "outcome"
        case .systemStatus(let status):
            title = "\(SystemWords.readable(status.component)) \(status.health.rawValue)"
            detail = status.detail ?? ""
            kind = status.health == .up ? "info" : "problem"
        case .systemSample(let reading):
            title = "\(SystemWords.readable(reading.component)): \(SystemWords.readable(reading.metric))"
            detail = JSONWriter.format(reading.value)
            kind = "info"
        }
    }

    /// "a text", "an e-mail": what people call each channel.
    static func noun(_ channel: Channel, article: Bool = true) -> String {
        let (word, articled) =
            switch channel {
            case .sms: ("text", "a text")
            case .email: ("e-mail", "an e-mail")
            case .call: ("phone", "a call")
            case .chat: ("chat", "a chat message")
            }
        return article ? articled : word
    }
}
