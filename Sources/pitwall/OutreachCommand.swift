import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct OutreachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach",
        abstract: "Print the templates ranked by how often leads answer them, the A/B tests, and when leads answer.",
        discussion: "Without --json prints tables and what to change; with it, the same JSON as GET /v1/outreach.")

    @OptionGroup var window: WindowOptions

    @Option(help: "Only the leads of this source.")
    var source: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        let asked = try window.query(file.pitwall, now: SystemClock().now())
        do {
            try OutreachAnalysis.check(asked.from...asked.to, parameter: "--from")
        } catch {
            throw ValidationError(error.description)
        }
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, source, self] store, configuration in
            let query = try window.query(configuration, now: SystemClock().now())
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            let reading = try await OutreachReading(query.from...query.to, store: query.store, source: source, leads: store, configuration: configuration,
                now: SystemClock().now())
            return json ? reading.json(query) : OutreachTables(reading: reading, query: query, names: configuration.names).text
        }
        print(text)
    }
}

/// The template review as plain-text tables, then what to change.
struct OutreachTables {
    let reading: OutreachReading
    let query: KPIQuery
    let names: DisplayNames

    var text: String {
        let analysis = reading.analysis
        let scope = [query.store.map { "store \($0)" } ?? "all stores", analysis.source.map { "source \($0)" }].compactMap { $0 }.joined(separator: ", ")
        var lines = ["Templated texts sent \(query.from) to \(query.to), \(scope)", ""]
        var rows = [["Template", "Kind", "Sent", "Arrived", "Answered", "Rate", "STOP", "SOP band"]]
        for template in analysis.templates {
            let tally = template.tally
            rows.append([
                template.templateID.rawValue, template.role == .firstTouch ? "first text" : "follow-up", count(tally.sent), count(tally.reached),
                count(tally.answered), share(tally), count(tally.optedOut), template.band.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "",
            ])
        }
        lines += TextTable.lines(rows)
        let comparisons = analysis.wording.comparisons
        if !comparisons.isEmpty {
            lines.append("")
            lines.append("What the words do (answered, of the leads reached, by the templates that do it and those that do not)")
            let side = { (side: WordingReview.Side) in
                "\(share(side.tally)) of \(count(side.tally.reached)) (\(KPIFormatting.count(side.templates.count, "template", "templates")))"
            }
            var table = [["Words that", "Kind", "With", "Without", "p", "Verdict"]]
            for comparison in comparisons {
                table.append([
                    comparison.trait.phrase, comparison.role == .firstTouch ? "first texts" : "follow-ups", side(comparison.with), side(comparison.without),
                    comparison.chance.map(OutreachAnalysis.pValue) ?? "", comparison.verdict.words,
                ])
            }
            lines += TextTable.lines(table)
        }
        lines += chaseLines(analysis.chase)
        lines += handOffLines(analysis.handOff)
        for experiment in analysis.experiments {
            lines.append("")
            lines.append("A/B test \(experiment.experimentID), \(experiment.daysRun) days")
            var variants = [["Variant", "Templates", "Arrived", "Answered", "Rate"]]
            for variant in experiment.variants {
                variants.append([
                    variant.id, variant.templates.map(\.rawValue).joined(separator: ", "), count(variant.tally.reached), count(variant.tally.answered),
                    share(variant.tally),
                ])
            }
            lines += TextTable.lines(variants)
        }
        let followUps = analysis.followUpTimes.sources
        if !followUps.isEmpty {
            lines.append("")
            lines.append("Follow-ups answered, by the part of the day they were sent")
            var times = [["Source"] + DayPart.allCases.map { "\($0.rawValue) \($0.hours)" }]
            for source in followUps {
                times.append([source.source.isEmpty ? "(none)" : names.value(source.source, of: .source)] + DayPart.allCases.map { part in
                    let tally = source.tally(part)
                    return tally.reached == 0 ? "–" : "\(share(tally)) of \(count(tally.reached))"
                })
            }
            lines += TextTable.lines(times)
        }
        if !reading.advice.isEmpty {
            lines.append("")
            lines += reading.advice
        }
        return lines.joined(separator: "\n")
    }

    func count(_ number: Int) -> String { KPIFormatting.grouped(Int64(number)) }
    func share(_ tally: ReplyTally) -> String { tally.responseRate.map(KPIFormatting.percent) ?? "–" }
}

extension OutreachTables {
    /// The chase: each message to leads who had not answered, then the follow-ups by wait.
    func chaseLines(_ chase: ChaseReview) -> [String] {
        guard !chase.steps.isEmpty else { return [] }
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let rate = { (share: Double?) in share.map(KPIFormatting.percent) ?? "–" }
        var lines = ["", "Chasing leads who have not answered (\(count(chase.leads)) leads first texted by a template; answered within a day, before the next message)"]
        var steps = [["Message", "Sent", "Answered", "Rate", "STOP", "STOP rate", "Answered so far", ""]]
        for step in chase.steps {
            steps.append([
                step.name, count(step.tally.sent), count(step.tally.answered),
                rate(step.tally.answerRate), count(step.tally.optedOut), rate(step.tally.optOutRate), rate(step.answeredSoFar),
                step.losesMoreThanItWins ? "more STOP than answers" : "",
            ])
        }
        lines += TextTable.lines(steps)
        if chase.pending > 0 { lines.append("Not counted yet: \(count(chase.pending)) messages sent in the last day, not answered so far.") }
        guard !chase.waits.isEmpty else { return lines }
        lines.append("")
        lines.append("Follow-up templates by the wait since the message before (answered, of those sent)")
        var waits = [["Template"] + ChaseReview.Wait.allCases.map(\.heading) + ["Verdict"]]
        for row in chase.waits {
            let cells = ChaseReview.Wait.allCases.map { wait in
                let tally = row.tally(wait)
                let mark = row.verdict != .waitsDiffer ? "" : row.best == wait ? " best" : row.worst == wait ? " worst" : ""
                return tally.sent == 0 ? "–" : "\(rate(tally.answerRate)) of \(count(tally.sent))" + mark
            }
            let verdict =
                switch row.verdict {
                case .waitsDiffer: "waits differ (\(OutreachAnalysis.pPhrase(row.chance ?? 1)))"
                case .noClearDifference: "no clear difference"
                case .tooFew: "too few"
                }
            waits.append([row.templateID.rawValue] + cells + [verdict])
        }
        lines += TextTable.lines(waits)
        return lines
    }

    /// The leads who answered, by how soon a person took over, while the store was open and closed.
    func handOffLines(_ review: HandOffReview) -> [String] {
        let (open, closed) = (review.openTotal, review.closedTotal)
        guard open.leads + closed.leads > 0 else { return [] }
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let rate = { (tally: HandOffReview.Tally) in tally.bookingRate.map(KPIFormatting.percent) ?? "–" }
        let days = HandOffReview.horizonDays
        var lines = ["", "When a person should take over (leads of the chase who answered; appointment set within \(days) days of the reply)"]
        var table = [["A person took over", "Answered while open", "Appointment", "Answered while closed", "Appointment"]]
        for wait in HandOffReview.Wait.allCases {
            let (inHours, outOfHours) = (review.openHours(wait), review.closedHours(wait))
            let mark = review.verdict != .waitsDiffer ? "" : review.best == wait ? " best" : review.worst == wait ? " worst" : ""
            table.append([wait.heading, count(inHours.leads), rate(inHours) + mark, count(outOfHours.leads), rate(outOfHours)])
        }
        lines += TextTable.lines(table)
        let verdict =
            switch review.verdict {
            case .waitsDiffer: "The wait matters (\(OutreachAnalysis.pPhrase(review.chance ?? 1)), opening hours only)."
            case .noClearDifference: "No clear difference between the waits (opening hours only)."
            case .tooFew: "Too few leads to tell (30 a wait)."
            }
        lines.append(verdict + (review.trendSentence.map { " " + $0 } ?? "") + " Not counted yet: \(count(review.tooRecent)) replies younger than \(days) days; left out: \(count(review.bookedBeforeReply)) booked before answering.")
        return lines
    }
}
