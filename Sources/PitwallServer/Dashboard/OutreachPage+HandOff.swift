import PitwallCharts
import PitwallCore

extension OutreachPage {
    /// How soon a person should take over once a lead answers.
    struct HandOffView: Sendable {
        var summary: String
        var chart: ChartFigure
        var rows: [HandOffRow]
        var hasLeads: Bool
        var verdict: StatusBadge
        var chance: String?
        /// Along the waits in order: the trend test's sentence.
        var trend: String?
    }

    /// One wait: the leads who answered while the store was open, and while it was closed.
    struct HandOffRow: Sendable {
        var wait: String
        var heading: String
        var openLeads: String
        var openBooked: String
        /// Unformatted, for scripts and tests to compare with the API.
        var rawRate: String
        var closedLeads: String
        var closedBooked: String
        var best: Bool
        var worst: Bool
    }

    static func handOff(_ review: HandOffReview) -> HandOffView {
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let rate = { (tally: HandOffReview.Tally) in tally.bookingRate.map(KPIFormatting.percent) ?? "–" }
        let booked = { (tally: HandOffReview.Tally) in tally.leads == 0 ? "–" : "\(count(tally.booked)) (\(rate(tally)))" }
        let (open, closed) = (review.openTotal, review.closedTotal)
        var summary =
            "\(KPIFormatting.count(open.leads, "lead", "leads")) of the chase answered while their store was open; \(rate(open)) of them had an "
            + "appointment set within \(HandOffReview.horizonDays) days. \(count(closed.leads)) answered while it was closed (\(rate(closed)))."
        if review.tooRecent > 0 {
            summary += " \(KPIFormatting.count(review.tooRecent, "reply is", "replies are")) younger than \(HandOffReview.horizonDays) days and not counted yet."
        }
        if review.bookedBeforeReply > 0 {
            summary += " \(KPIFormatting.count(review.bookedBeforeReply, "lead was", "leads were")) booked before answering and are left out."
        }
        // Best and worst only when the waits differ past chance, as for the follow-ups' waits.
        let judged = review.verdict == .waitsDiffer
        let rows = HandOffReview.Wait.allCases.map { wait in
            let (inHours, outOfHours) = (review.openHours(wait), review.closedHours(wait))
            return HandOffRow(
                wait: wait.rawValue, heading: wait.heading, openLeads: count(inHours.leads), openBooked: booked(inHours),
                rawRate: inHours.bookingRate.map(JSONWriter.format) ?? "", closedLeads: count(outOfHours.leads),
                closedBooked: booked(outOfHours), best: judged && review.best == wait,
                worst: judged && review.worst == wait)
        }
        let verdict: StatusBadge =
            switch review.verdict {
            case .waitsDiffer: StatusBadge(.green, words: "The wait matters: \(review.best!.heading.lowercased()) best")
            case .noClearDifference: StatusBadge(.yellow, words: "No clear difference")
            case .tooFew: StatusBadge(.grey, words: "Too few to tell")
            }
        let waits = HandOffReview.Wait.allCases
        let chart = ChartFigure(
            caption: "Appointment set within \(HandOffReview.horizonDays) days, by how soon a person took over (replies during opening hours)",
            bars: BarChart(
                labels: waits.map(\.heading), values: waits.map { review.openHours($0).bookingRate }, band: nil, width: 640, height: 200,
                title: "Leads who answered during opening hours with an appointment set within \(HandOffReview.horizonDays) days, by how soon a person took over",
                steps: .decimal, format: { KPIFormatting.percent($0) }),
            counted: waits.map { Double(review.openHours($0).leads) }, noun: "leads", fewest: Double(HandOffReview.fewestToJudge))
        return HandOffView(
            summary: summary, chart: chart, rows: rows, hasLeads: open.leads + closed.leads > 0, verdict: verdict,
            chance: review.chance.map(OutreachAnalysis.pPhrase), trend: review.trendSentence)
    }
}
