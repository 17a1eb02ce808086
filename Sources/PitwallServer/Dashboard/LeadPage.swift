import Foundation
import Hummingbird
import PitwallCore

/// `/leads/{id}`: one lead's story on its store's clock: every event, its SLA clock, its
/// tier and how it ended. Every list on the dashboard links here.
struct LeadPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var leadID: String
        var store: String
        var facts: [Figure]
        var sla: [Figure]
        var slaBadge: StatusBadge
        var slaState: String
        var deadline: String
        /// Times of this lead that cannot be right, in words.
        var clockProblems: [String]
        var hasClockProblems: Bool
        var outcome: [Figure]
        var temperature: Temperature?
        var timeline: [Moment]
        var zone: String
    }

    /// The lead's temperature and the points it is made of, as a manager checks it.
    struct Temperature: Sendable {
        struct Point: Sendable {
            var points: String
            var words: String
        }
        var score: Int
        var points: [Point]
        var verdict: String?

        init(_ temperature: LeadTemperature) {
            score = temperature.score
            points = temperature.earned.map { Point(points: "+\(temperature.points(for: $0))", words: $0.words) }
            verdict = temperature.verdict?.words
        }
    }

    struct Moment: Sendable {
        var at: String
        var title: String
        /// Nil when there is none: the template engine counts an empty string as something to show.
        var detail: String?
        /// Whether the text got through, from its receipts (folded into its line).
        var delivery: String?
        var kind: String
        /// The stored events the line stands for: the text and its receipts.
        var events: Int
        var late: String?
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("leads/{id}", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        guard let records = try await dependencies.store.leadRecords(LeadID(id)) else {
            throw DashboardError.notFound("There is no lead '\(id)'. Lead ids are shown in the speed-to-lead queue and in alerts.")
        }
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let state = records.state
        let store = state.profile.map { configuration.store($0.storeID) } ?? configuration.homeStore
        let local = LocalTimeFormatting(store: store, now: now)
        let assessment = try await dependencies.desk.assess(records, now: now)
        let events = try await dependencies.store.events(of: LeadID(id)).sorted { $0.event.orderKey < $1.event.orderKey }

        let profile = state.profile
        var facts = [
            Figure(key: "source", label: "Source", value: profile.map { configuration.names.source($0.source) } ?? "unknown (no lead.created received)"),
            Figure(key: "tier", label: "Tier", value: assessment?.tier.rawValue ?? profile?.tier?.rawValue ?? "–"),
            Figure(key: "agent", label: "Agent", value: state.agentID.map(configuration.names.agent) ?? "not assigned"),
            Figure(key: "arrived", label: "Came in", value: local.time(state.startedAt)),
        ]
        if let campaign = profile?.campaignID { facts.append(Figure(key: "campaign", label: "Campaign", value: configuration.names.campaign(campaign.rawValue))) }
        if let region = profile?.region { facts.append(Figure(key: "region", label: "Region", value: region)) }
        if let cost = profile?.cost { facts.append(Figure(key: "cost", label: "Lead cost", value: KPIFormatting.dollars(cost.amount))) }
        // The numbers as stored, with the door checks beside them: the agent sees at once why no text went out.
        if let phone = profile?.contact?.phone {
            let problem = ContactCheck.phone(phone).problem
            facts.append(Figure(key: "phone", label: "Phone", value: problem.map { "\(phone) (cannot take texts: \($0))" } ?? PhoneFormatting.readable(phone)))
        }
        if let email = profile?.contact?.email {
            let problem = ContactCheck.email(email).problem
            facts.append(Figure(key: "email", label: "E-mail", value: problem.map { "\(email) (not usable: \($0))" } ?? email))
        }

        var sla: [Figure] = []
        var badge = StatusBadge(BoardColour.grey)
        var stateText = "unknown"
        if let assessment {
            sla.append(Figure(key: "sla", label: "SLA", value: KPIFormatting.duration(seconds: assessment.slaSeconds) + " (\(assessment.clock.rawValue) clock)"))
            var elapsed = assessment.elapsedSeconds.map { KPIFormatting.duration(seconds: $0) } ?? "–"
            // "Answered in 0 s" for a lead answered two minutes after it came in at night reads
            // as a mistake unless it says which clock and what the customer saw.
            if assessment.clock == .business, let business = assessment.elapsedSeconds, let wall = assessment.response.wallSeconds,
                abs(wall - business) >= 1
            {
                elapsed += " (\(KPIFormatting.duration(seconds: wall)) on the wall clock)"
            }
            sla.append(Figure(key: "elapsed", label: assessment.response.respondedAt == nil ? "Waiting" : "Answered in", value: elapsed))
            if let responded = assessment.response.respondedAt {
                let responder = records.messages.first { $0.key.messageID == assessment.response.messageID && $0.key.direction == .outbound }
                var value = "\(local.time(responded)) by \(Self.responder(assessment.response.sender, agent: responder?.agentID.map(configuration.names.agent)))"
                var delivered: Figure?
                // The clock stops at the first text sent; whether the customer got it is a
                // different question the BDC asks of a lead whose first text the carrier refused.
                let outbound = records.messages.filter { $0.key.direction == .outbound }
                if let first = outbound.first(where: { $0.key.messageID == assessment.response.messageID }),
                    first.status == .undelivered || first.status == .failed
                {
                    value += ", not delivered" + (first.errorCode.map { " (carrier error \($0))" } ?? "")
                    let arrived = outbound.filter { $0.status == .delivered }.compactMap { $0.statusAt ?? $0.at }.min()
                    delivered = Figure(key: "first_delivered", label: "First text delivered", value: arrived.map { local.time($0) } ?? "none yet")
                }
                sla.append(Figure(key: "first_response", label: "First response", value: value))
                if let delivered { sla.append(delivered) }
            }
            if let human = assessment.humanResponse.respondedAt { sla.append(Figure(key: "first_human", label: "First person", value: local.time(human))) }
            if let left = assessment.secondsLeft { sla.append(Figure(key: "left", label: "Time left", value: KPIFormatting.duration(seconds: max(left, 0)))) }
            if let cause = assessment.cause {
                let reasons = assessment.technicalReasons.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")
                sla.append(Figure(key: "cause", label: "Why late", value: cause == .technical ? "the system (\(reasons))" : "people (agent delay)"))
            }
            (badge, stateText) =
                switch assessment.state {
                case .open:
                    (StatusBadge(assessment.isEscalated(at: configuration.responseTime.escalateAtFraction) ? BoardColour.yellow : .green), "waiting, inside SLA")
                case .answeredWithinSLA: (StatusBadge(BoardColour.green), "answered within SLA")
                case .breached: (StatusBadge(BoardColour.red), assessment.response.respondedAt == nil ? "waiting, past SLA" : "answered late")
                case .unknown: (StatusBadge(BoardColour.grey), assessment.response.unknownReason ?? "start of the clock unknown")
                }
        }
        // A time that cannot be right explains a figure that looks wrong ("submitted 17:32"
        // on a lead that came in at 17:28), so the page says which and why.
        let clockProblems = TimestampAudit.problems(of: state, policy: configuration.responseTime, now: now).map(\.readable)
        var outcome = [
            Figure(key: "messages", label: "Messages", value: "\(state.outboundCount) sent, \(state.inboundCount) received"),
            Figure(key: "appointments", label: "Appointments set", value: String(state.appointmentsSet)),
            Figure(key: "sales", label: "Sales", value: state.salesCount == 0 ? "none yet" : "\(state.salesCount), \(KPIFormatting.dollars(state.revenue.amount))"),
        ]
        if let optedOut = state.optedOutAt {
            var value = local.time(optedOut)
            if !state.isOptedOut, let back = state.lastOptInAt { value += "; opted back in \(local.time(back))" }
            outcome.append(Figure(key: "opted_out", label: "Opted out", value: value))
        }
        if state.complaintCount > 0 { outcome.append(Figure(key: "complaints", label: "Complaints", value: String(state.complaintCount))) }

        let storedAt = Dictionary(events.map { ($0.event.id, $0.ingestedAt) }, uniquingKeysWith: { first, _ in first })
        let timeline = LeadTimeline.lines(events.map(\.event), time: local.time, names: configuration.names).map { line in
            let lag = storedAt[line.event.id].map { line.event.occurredAt.seconds(until: $0) } ?? 0
            return Moment(
                at: local.time(line.event.occurredAt), title: line.description.title,
                detail: line.description.detail.isEmpty ? nil : line.description.detail,
                delivery: line.delivery, kind: line.description.kind, events: line.eventCount,
                late: lag > 120 ? "reached Pitwall \(KPIFormatting.duration(seconds: lag)) later" : nil)
        }
        let view = View(
            chrome: PageChrome(title: "Lead \(id)", section: nil, session: context.session!, now: now, zone: store),
            leadID: id, store: store.name, facts: facts, sla: sla, slaBadge: badge, slaState: stateText,
            deadline: assessment?.state == .open ? (assessment?.breachesAt.map { String($0.millisecondsSinceEpoch) } ?? "") : "",
            clockProblems: clockProblems, hasClockProblems: !clockProblems.isEmpty, outcome: outcome,
            temperature: LeadTemperature(state, weights: configuration.leadTemperature).map(Temperature.init), timeline: timeline, zone: store.timeZone.identifier)
        return renderer.html(view, template: "lead")
    }

    /// Who answered, as the BDC calls them: "the AI assistant", the agent by name.
    static func responder(_ sender: Sender?, agent: String?) -> String {
        switch sender {
        case .ai: "the AI assistant"
        case .agent: agent ?? "an agent"
        case nil: "an unknown sender"
        }
    }
}
