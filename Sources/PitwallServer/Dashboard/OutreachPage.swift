import Foundation
import Hummingbird
import PitwallCharts
import PitwallCore

/// `/outreach`: the marketing team's weekly template review. Which texts leads answer, the
/// A/B tests and what to do with each, and when each source's leads answer. The same figures
/// as `GET /v1/outreach`.
struct OutreachPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var summary: String
        var hasSends: Bool
        var advice: [String]
        var hasAdvice: Bool
        var chart: ChartFigure
        var firstTexts: [TemplateRow]
        var followUps: [TemplateRow]
        var hasFollowUps: Bool
        var wording: [WordingRow]
        var hasWording: Bool
        /// Templates of the window whose words the configuration does not give, in a line.
        var withoutText: String?
        /// No template of the window has its words configured.
        var noTexts: Bool
        var chase: ChaseView
        var handOff: HandOffView
        var experiments: [ExperimentView]
        var hasExperiments: Bool
        var dayParts: [String]
        var timeSections: [TimeSection]
    }

    /// When one kind of text (first texts, follow-ups) is answered.
    struct TimeSection: Sendable {
        var role: String
        var heading: String
        var hint: String
        var sources: [SourceRow]
        var hasSources: Bool
        var heatmap: String
    }

    struct TemplateRow: Sendable {
        var template: String
        var sent: String
        var reached: String
        var answered: String
        var rate: String
        /// Unformatted, for scripts and tests to compare with the API.
        var rawRate: String
        var range: String?
        var optedOut: String
        var minutes: String
        var badge: StatusBadge?
        /// "98 characters, 1 text; asks a question, name or car", when its words are known.
        var wording: String?
        var text: String?
    }

    /// One trait of the words, the templates that have it against those that do not.
    struct WordingRow: Sendable {
        var trait: String
        var role: String
        var words: String
        var kind: String
        var with: String
        var withTemplates: String
        var without: String
        var withoutTemplates: String
        var verdict: StatusBadge
        var chance: String?
    }

    /// How many messages chasing a lead who has not answered are worth, and how far apart.
    struct ChaseView: Sendable {
        var summary: String
        var chart: ChartFigure
        var steps: [ChaseStepRow]
        var hasSteps: Bool
        var waitHeadings: [String]
        var waits: [ChaseWaitRow]
        var hasWaits: Bool
    }

    struct ChaseStepRow: Sendable {
        var number: Int
        var label: String
        var sent: String
        var answered: String
        var rawRate: String
        var optedOut: String
        var rawStopRate: String
        var soFar: String
        var losesMore: Bool
        var chance: String?
    }

    struct ChaseWaitRow: Sendable {
        var template: String
        var cells: [ChaseWaitCell]
        var verdict: StatusBadge
        var chance: String?
    }

    struct ChaseWaitCell: Sendable {
        var wait: String
        var rate: String
        /// "of 572"; nil when none was sent at that wait.
        var sample: String?
        var best: Bool
        var worst: Bool
    }

    struct ExperimentView: Sendable {
        var id: String
        var verdict: StatusBadge
        var period: String
        var chance: String?
        var variants: [VariantRow]
    }

    struct VariantRow: Sendable {
        var variant: String
        var templates: String
        var reached: String
        var answered: String
        var rate: String
        var rawRate: String
        var range: String?
        var leads: Bool
    }

    struct SourceRow: Sendable {
        var source: String
        var name: String
        var cells: [Cell]
    }

    struct Cell: Sendable {
        var rate: String
        var sample: String
        var best: Bool
        var worst: Bool
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("outreach", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        try filters.requireSourceSegmentOnly("the template review is narrowed by source only: choose one, or the window")
        do {
            try OutreachAnalysis.check(filters.window.from...filters.window.to, parameter: "from")
        } catch {
            throw DashboardError.badParameter(error)
        }
        return renderer.html(try await view(filters: filters, session: context.session!, now: now), template: "outreach")
    }

    func view(filters: ScorecardFilters, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let reading = try await OutreachReading(
            filters.window.from...filters.window.to, store: filters.store, source: filters.segment?.value, leads: dependencies.leads,
            configuration: configuration, now: now)
        var form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/outreach")
        form.choosesComparison = false
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        var chrome = PageChrome(title: "Templates and send times", section: .outreach, session: session, now: now, zone: home)
        // Reading a month of a large group's texts takes most of a second, and a week's
        // ranking moves slowly: live refreshes once a minute, not once a second.
        chrome.liveSpacing = 60_000
        return Self.view(reading, filters: filters, form: form, names: configuration.names, chrome: chrome)
    }

    static func view(_ reading: OutreachReading, filters: ScorecardFilters, form: ScorecardPage.FilterForm, names: DisplayNames, chrome: PageChrome) -> View {
        let analysis = reading.analysis
        let total = analysis.total
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        var summary = "\(count(total.sent)) templated \(total.sent == 1 ? "text" : "texts") went out"
        if let rate = total.responseRate {
            summary += "; \(count(total.reached)) arrived, and leads answered \(count(total.answered)) of them within a day (\(KPIFormatting.percent(rate)))"
        }
        summary += "."
        let firstTexts = analysis.templates.filter { $0.role == .firstTouch }
        let chart = ChartFigure(
            caption: "Share of leads who answered each first text within a day (the green band: the SOP's top performers, above 30%)",
            bars: BarChart(
                labels: firstTexts.map(\.templateID.rawValue), values: firstTexts.map(\.tally.responseRate),
                band: ChartBand(low: TemplatePerformance.topAbove, high: nil, ceiling: 1), width: 640, height: 220,
                title: "Share of leads who answered each first text within a day (the band: the SOP's top performers, above 30%)", steps: .decimal,
                format: { KPIFormatting.percent($0) }),
            counted: firstTexts.map { Double($0.tally.reached) }, noun: "leads reached", fewest: Double(ReplyTally.fewestToJudge))
        return View(
            chrome: chrome, form: form, windowLabel: filters.window.label, summary: summary, hasSends: total.sent > 0, advice: reading.advice,
            hasAdvice: !reading.advice.isEmpty, chart: chart, firstTexts: firstTexts.map { row($0, wording: analysis.wording) },
            followUps: analysis.templates.filter { $0.role == .followUp }.map { row($0, wording: analysis.wording) },
            hasFollowUps: analysis.templates.contains { $0.role == .followUp },
            wording: analysis.wording.comparisons.map(wordingRow), hasWording: !analysis.wording.comparisons.isEmpty,
            withoutText: withoutText(analysis.wording), noTexts: analysis.wording.wordings.isEmpty, chase: chase(analysis.chase),
            handOff: Self.handOff(analysis.handOff),
            experiments: analysis.experiments.map(experiment), hasExperiments: !analysis.experiments.isEmpty,
            dayParts: DayPart.allCases.map { "\($0.rawValue.capitalized) \($0.hours)" },
            timeSections: [
                timeSection(
                    analysis.followUpTimes, role: .followUp, heading: "When leads answer follow-ups", names: names,
                    hint: "A follow-up's hour is yours to choose: “best” and “worst” are named only when their shares are clearly apart (95% intervals that do not meet, 30 texts or more each)."),
                timeSection(
                    analysis.firstTextTimes, role: .firstTouch, heading: "When leads answer first texts", names: names,
                    hint: "A first text goes out when the lead arrives, so its hour says when leads arrive as much as when they answer; speed still comes first."),
            ])
    }

    static func timeSection(_ table: SendTimeTable, role: TemplatedSend.Role, heading: String, names: DisplayNames, hint: String) -> TimeSection {
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let sources = table.sources.map { times in
            let clearly = times.clearlyBest
            return SourceRow(
                source: times.source, name: times.source.isEmpty ? "(none)" : names.value(times.source, of: .source),
                cells: DayPart.allCases.map { part in
                    let tally = times.tally(part)
                    return Cell(
                        rate: tally.responseRate.map(KPIFormatting.percent) ?? "–", sample: "of \(count(tally.reached))",
                        best: clearly?.best == part, worst: clearly?.worst == part)
                })
        }
        let heatmap = Heatmap(
            rows: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], columns: (0..<24).map { $0.zeroPadded(2) },
            cells: table.byWeekdayAndHour.map { day in day.map { $0.reached >= 10 ? $0.responseRate : nil } },
            title: "\(heading): share answered within a day, by weekday and hour sent on the store's clock (10 texts or more)",
            higherIsBetter: true, format: { KPIFormatting.percent($0) }
        ).svg
        return TimeSection(role: role.rawValue, heading: heading, hint: hint, sources: sources, hasSources: !sources.isEmpty, heatmap: heatmap)
    }

    static func chase(_ review: ChaseReview) -> ChaseView {
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let rate = { (share: Double?) in share.map(KPIFormatting.percent) ?? "–" }
        var summary = "\(KPIFormatting.count(review.leads, "lead was", "leads were")) first texted by a template in this window without having written first."
        if let first = review.steps.first, let last = review.steps.last, review.steps.count > 1 {
            summary += " \(rate(first.answeredSoFar)) answered the first message; by the \(last.name), \(rate(last.answeredSoFar)) had."
        }
        if review.pending > 0 {
            summary += " \(KPIFormatting.count(review.pending, "message", "messages")) sent in the last day \(review.pending == 1 ? "is" : "are") not counted yet: \(review.pending == 1 ? "it" : "they") may still be answered."
        }
        let steps = review.steps.map { step in
            ChaseStepRow(
                number: step.number, label: step.name, sent: count(step.tally.sent),
                answered: "\(count(step.tally.answered)) (\(rate(step.tally.answerRate)))", rawRate: step.tally.answerRate.map(JSONWriter.format) ?? "",
                optedOut: "\(count(step.tally.optedOut)) (\(rate(step.tally.optOutRate)))", rawStopRate: step.tally.optOutRate.map(JSONWriter.format) ?? "",
                soFar: rate(step.answeredSoFar), losesMore: step.losesMoreThanItWins,
                chance: step.losesMoreThanItWins ? step.chanceStopsOutnumber.map(OutreachAnalysis.pPhrase) : nil)
        }
        let waits = review.waits.map { row in
            let verdict: StatusBadge =
                switch row.verdict {
                case .waitsDiffer: StatusBadge(.green, words: "Waits differ: \(row.best!.heading.lowercased()) best")
                case .noClearDifference: StatusBadge(.yellow, words: "No clear difference")
                case .tooFew: StatusBadge(.grey, words: "Too few to tell")
                }
            return ChaseWaitRow(
                template: row.templateID.rawValue,
                cells: ChaseReview.Wait.allCases.map { wait in
                    let tally = row.tally(wait)
                    return ChaseWaitCell(
                        wait: wait.rawValue, rate: rate(tally.answerRate), sample: tally.sent == 0 ? nil : "of \(count(tally.sent))", best: row.verdict == .waitsDiffer && row.best == wait,
                        worst: row.verdict == .waitsDiffer && row.worst == wait)
                },
                verdict: verdict, chance: row.chance.map(OutreachAnalysis.pPhrase))
        }
        let chart = ChartFigure(
            caption: "Share of leads who answered each message of the chase within a day, before the next",
            bars: BarChart(
                labels: review.steps.map(\.name), values: review.steps.map(\.tally.answerRate), band: nil, width: 640, height: 200,
                title: "Share of leads who answered each message of the chase within a day, before the next", steps: .decimal,
                format: { KPIFormatting.percent($0) }),
            counted: review.steps.map { Double($0.tally.sent) }, noun: "leads reached", fewest: Double(ChaseReview.fewestToJudge))
        return ChaseView(
            summary: summary, chart: chart, steps: steps, hasSteps: !steps.isEmpty, waitHeadings: ChaseReview.Wait.allCases.map(\.heading), waits: waits,
            hasWaits: !waits.isEmpty)
    }

    static func withoutText(_ review: WordingReview) -> String? {
        guard !review.withoutText.isEmpty, !review.wordings.isEmpty else { return nil }
        return "Not compared, their words are not in the configuration: " + review.withoutText.map(\.rawValue).joined(separator: ", ") + "."
    }

    static func wordingRow(_ comparison: WordingReview.Comparison) -> WordingRow {
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let side = { (side: WordingReview.Side) in
            side.tally.reached == 0 ? "–" : "\(OutreachAnalysis.share(side.tally)) of \(count(side.tally.reached))"
        }
        let colour: BoardColour =
            switch comparison.verdict {
            case .better: .green
            case .worse: .red
            case .noClearDifference: .yellow
            case .tooFewTemplates: .grey
            }
        return WordingRow(
            trait: comparison.trait.rawValue, role: comparison.role.rawValue, words: comparison.trait.heading,
            kind: comparison.role == .firstTouch ? "First texts" : "Follow-ups", with: side(comparison.with),
            withTemplates: comparison.with.templates.map(\.rawValue).joined(separator: ", "), without: side(comparison.without),
            withoutTemplates: comparison.without.templates.map(\.rawValue).joined(separator: ", "),
            verdict: StatusBadge(colour, words: comparison.verdict.words),
            chance: comparison.chance.map(OutreachAnalysis.pPhrase))
    }

    /// "98 characters, 1 text; asks a question, name or car".
    static func wordingLine(_ wording: TemplateWording) -> String {
        let texts = wording.segments == 1 ? "1 text" : "\(wording.segments) texts"
        let encoding = wording.encoding == .ucs2 ? " (Unicode: 70 a text)" : ""
        let traits = TemplateWording.Trait.allCases.filter { $0 != .oneText && wording.has($0) }.map { $0.heading.lowercased() }
        return "\(wording.length) characters, \(texts)\(encoding)" + (traits.isEmpty ? "" : "; " + traits.joined(separator: ", "))
    }

    static func row(_ template: TemplatePerformance, wording review: WordingReview) -> TemplateRow {
        var row = row(template)
        if let wording = review.wordings[template.templateID] {
            row.wording = wordingLine(wording)
            row.text = wording.text
        }
        return row
    }

    static func row(_ template: TemplatePerformance) -> TemplateRow {
        let tally = template.tally
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let badge: StatusBadge? =
            switch template.band {
            case .top: StatusBadge(.green, words: "Top performer")
            case .middle: StatusBadge(.yellow, words: "20–30%")
            case .under: StatusBadge(.red, words: "Underperformer")
            case .tooFew: StatusBadge(.grey, words: "Too few")
            case nil: nil
            }
        return TemplateRow(
            template: template.templateID.rawValue, sent: count(tally.sent), reached: count(tally.reached), answered: count(tally.answered),
            rate: tally.responseRate.map(KPIFormatting.percent) ?? "–", rawRate: tally.responseRate.map(JSONWriter.format) ?? "",
            range: tally.interval.map { "plausibly \(KPIFormatting.percent($0.lower))–\(KPIFormatting.percent($0.upper))" },
            optedOut: tally.optedOut > 0 ? "\(count(tally.optedOut)) (\(KPIFormatting.percent(tally.optOutRate ?? 0)))" : "0",
            minutes: tally.medianMinutesToAnswer.map { KPIFormatting.duration(seconds: $0 * 60) } ?? "–", badge: badge)
    }

    static func experiment(_ result: ExperimentResult) -> ExperimentView {
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let verdict =
            switch result.verdict {
            case .oneVariant: StatusBadge(.grey, words: "Only one variant was sent in this window: nothing to compare.")
            case .tooEarly(let days): StatusBadge(.grey, words: "Too early: \(days) of the SOP's \(ExperimentResult.minimumDays) days. Do not call it yet.")
            case .winner(let variant, _): StatusBadge(.green, words: "\(variant.isEmpty ? "The unnamed variant" : variant) wins: make it the default.")
            case .noClearWinner(let more?) where result.isTooCloseToWaitFor:
                StatusBadge(.grey, words: "Too small a gap to wait for: about \(count(more)) more leads a variant to tell. Stop it and keep either.")
            case .noClearWinner(let more?):
                StatusBadge(
                    .yellow,
                    words: "No clear winner yet: about \(count(more)) more leads a variant to tell"
                        + (result.daysToTell.map { " (\(ExperimentResult.wait(days: $0)))" } ?? "") + ".")
            case .noClearWinner(nil): StatusBadge(.yellow, words: "No difference: stop the test and keep either.")
            }
        return ExperimentView(
            id: result.experimentID, verdict: verdict,
            period: "\(count(result.daysRun)) \(result.daysRun == 1 ? "day" : "days"), \(count(result.variants.reduce(0) { $0 + $1.tally.sent })) texts",
            chance: result.anytimeChance.map { "\(OutreachAnalysis.pPhrase($0)) (best against runner-up, however often it was read)" },
            variants: result.variants.enumerated().map { index, variant in
                VariantRow(
                    variant: variant.id.isEmpty ? "(none)" : variant.id, templates: variant.templates.map(\.rawValue).joined(separator: ", "),
                    reached: count(variant.tally.reached), answered: count(variant.tally.answered),
                    rate: variant.tally.responseRate.map(KPIFormatting.percent) ?? "–", rawRate: variant.tally.responseRate.map(JSONWriter.format) ?? "",
                    range: variant.tally.interval.map { "plausibly \(KPIFormatting.percent($0.lower))–\(KPIFormatting.percent($0.upper))" },
                    leads: index == 0 && result.variants.count > 1)
            })
    }
}
