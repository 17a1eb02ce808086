import Foundation

/// What the marketing team's weekly template review reads: templates ranked by how often leads
/// answer them, the A/B tests and their verdicts, and when texts are answered, for the
/// templated messages sent in a window of local days.
public struct OutreachAnalysis: Hashable, Sendable {
    public var window: ClosedRange<CivilDate>
    /// Only the leads of this source, when given.
    public var source: String?
    public var sends: [TemplatedSend]
    public var templates: [TemplatePerformance]
    public var experiments: [ExperimentResult]
    /// When first texts were answered. A first text goes out when its lead arrives, so its
    /// hour says as much about when leads arrive as about when they answer: read, not advised on.
    public var firstTextTimes: SendTimeTable
    /// When follow-ups were answered: their hour is the dealership's to choose, so the advice
    /// on send times comes from these alone (first texts, answered far more often, would make
    /// whichever hours they fill look best).
    public var followUpTimes: SendTimeTable
    /// What the templates' words do, for those whose words are known.
    public var wording: WordingReview
    /// How many messages chasing a lead who has not answered are worth, and how far apart.
    public var chase: ChaseReview
    /// How soon a person should take over from the AI once a lead answers.
    public var handOff: HandOffReview

    /// `conversations` are whole conversations of at least the leads sent a template in the
    /// window (more is harmless); `calendar` gives each store's clock, whose local days the
    /// window is; `texts` each template's words, as configured; `now` the time of reading, so
    /// that outcomes not known yet are not read as failures (nil: all are known).
    public init(
        conversations: [LeadConversation], window: ClosedRange<CivilDate>, source: String? = nil, texts: [TemplateID: String] = [:],
        now: Timestamp? = nil, calendar: (StoreID) -> BusinessCalendar
    ) {
        var calendars: [StoreID: BusinessCalendar] = [:]
        func clock(_ store: StoreID) -> BusinessCalendar {
            if let known = calendars[store] { return known }
            let made = calendar(store)
            calendars[store] = made
            return made
        }
        self.window = window
        self.source = source
        let judged = source == nil ? conversations : conversations.filter { $0.source == source }
        let inWindow = { (conversation: LeadConversation, message: ConversationMessage) in
            window.contains(clock(conversation.storeID).localDate(of: message.at))
        }
        sends = TemplatedSend.judge(judged, counts: inWindow)
        let chases = Chase.starting(judged, inWindow: inWindow)
        chase = ChaseReview(chases: chases, now: now)
        handOff = HandOffReview(chases: chases, now: now) { clock($0).isOpen(at: $1) }
        templates = TemplatePerformance.ranking(sends)
        experiments = ExperimentResult.results(sends)
        wording = WordingReview(templates: templates, texts: texts)
        let localTime = { (send: TemplatedSend) -> (isoWeekday: Int, hour: Int) in
            let local = clock(send.storeID).localTime(of: send.at)
            return (local.date.isoWeekday, local.minute / 60)
        }
        firstTextTimes = SendTimeTable(sends.filter { $0.role == .firstTouch }, localTime: localTime)
        followUpTimes = SendTimeTable(sends.filter { $0.role == .followUp }, localTime: localTime)
    }

    /// The longest window read at once: a calendar month. Every conversation of the window is
    /// held while it is judged: six reviews of a 20-store group's month (55,000 leads) left a
    /// server at 129 MB, a quarter's took it to 427 MB at its peak, past its 300 MB.
    public static let longestWindowDays = 31

    /// Refuses a window longer than `longestWindowDays`, naming `parameter`.
    public static func check(_ window: ClosedRange<CivilDate>, parameter: String) throws(ParameterError) {
        let days = window.upperBound.daysSinceEpoch - window.lowerBound.daysSinceEpoch + 1
        guard days <= Int64(longestWindowDays) else {
            throw ParameterError(
                name: parameter, reason: "the template review covers at most \(longestWindowDays) days at a time, asked for \(days): pick a shorter window")
        }
    }

    /// The UTC span a store must read for `window` on any clock from UTC−12 to UTC+14.
    public static func span(of window: ClosedRange<CivilDate>) -> (from: Timestamp, before: Timestamp) {
        func midnightUTC(_ date: CivilDate) -> Timestamp { Timestamp(millisecondsSinceEpoch: date.daysSinceEpoch * 86_400_000) }
        return (midnightUTC(window.lowerBound.adding(days: -1)), midnightUTC(window.upperBound.adding(days: 2)))
    }

    /// All templated sends together.
    public var total: ReplyTally { ReplyTally(sends) }

    /// What to change, in the SOP's words: rewrite first touches answered less than 20 % of the
    /// time, change what the words do where templates doing it clearly fare better, stop chasing
    /// where more leads reply STOP than answer and space follow-ups as the answers say, call or
    /// keep running each A/B test, and text each source when it answers.
    /// `sourceName` gives a source its display name.
    public func advice(sourceName: (String) -> String = { $0 }) -> [String] {
        var lines: [String] = []
        let firstTouches = templates.filter { $0.role == .firstTouch && $0.tally.isEnoughToJudge }
        if let best = firstTouches.first {
            for weak in firstTouches where weak.band == .under {
                lines.append(
                    "Rewrite or retire “\(weak.templateID)”: \(Self.share(weak.tally)) of the \(Self.count(weak.tally.reached)) leads it reached answered "
                        + "within a day, against \(Self.share(best.tally)) for “\(best.templateID)”, the best first text.")
            }
        }
        lines += wording.advice
        lines += chase.advice
        lines += handOff.advice
        for experiment in experiments { lines.append(contentsOf: Self.advice(experiment)) }
        for times in followUpTimes.sources {
            guard let (best, worst) = times.clearlyBest else { continue }
            let name = times.source.isEmpty ? "Leads without a source" : "\(sourceName(times.source)) leads"
            lines.append(
                "\(name) answer \(Self.share(times.tally(best))) of the follow-ups sent \(best.phrase) (\(best.hours)) and "
                    + "\(Self.share(times.tally(worst))) of those sent \(worst.phrase) (\(worst.hours)): send their follow-ups \(best.phrase).")
        }
        return lines
    }

    static func advice(_ experiment: ExperimentResult) -> [String] {
        let name = "A/B test “\(experiment.experimentID)”"
        let variants = experiment.variants
        switch experiment.verdict {
        case .oneVariant:
            return []
        case .tooEarly(let days):
            return ["\(name) has run \(days) of the SOP's \(ExperimentResult.minimumDays) days: do not call it yet."]
        case .winner(_, let chance):
            let others = variants.dropFirst().map { "\(share($0.tally)) for \(variantName($0))" }.joined(separator: ", ")
            return [
                "\(name): make \(variantName(variants[0])) the default. \(share(variants[0].tally)) of its leads answered, against \(others) "
                    + "(always-valid \(pPhrase(chance)), \(experiment.daysRun) days)."
            ]
        case .noClearWinner(let more):
            let gap = "\(share(variants[0].tally)) for \(variantName(variants[0])) against \(share(variants[1].tally)) for \(variantName(variants[1]))"
            guard let more else { return ["\(name) shows no difference after \(experiment.daysRun) days (\(gap)): stop it and keep either."] }
            guard let days = experiment.daysToTell else {
                return ["\(name) has no clear winner after \(experiment.daysRun) days (\(gap)): keep it running for about \(count(more)) more leads a variant."]
            }
            let pace = "about \(count(more)) more leads a variant, \(ExperimentResult.wait(days: days)) at its pace"
            if experiment.isTooCloseToWaitFor {
                return [
                    "\(name) has no clear winner after \(experiment.daysRun) days (\(gap)), and telling would take \(pace): "
                        + "too small a gap to wait for. Stop it, keep either, and test a bolder difference."
                ]
            }
            return ["\(name) has no clear winner after \(experiment.daysRun) days (\(gap)): keep it running for \(pace)."]
        }
    }

    /// "B (first-touch-video)".
    static func variantName(_ variant: ExperimentResult.Variant) -> String {
        let templates = variant.templates.map(\.rawValue).joined(separator: ", ")
        let id = variant.id.isEmpty ? "the unnamed variant" : variant.id
        return templates.isEmpty ? id : "\(id) (\(templates))"
    }

    public static func share(_ tally: ReplyTally) -> String { tally.responseRate.map(KPIFormatting.percent) ?? "–" }
    static func count(_ number: Int) -> String { KPIFormatting.grouped(Int64(number)) }

    /// "0.004", "< 0.001".
    public static func pValue(_ chance: Double) -> String {
        chance < 0.001 ? "< 0.001" : String(format: "%.3f", chance)
    }

    /// "p = 0.004", "p < 0.001": the value in a sentence.
    public static func pPhrase(_ chance: Double) -> String {
        chance < 0.001 ? "p < 0.001" : "p = " + pValue(chance)
    }
}
