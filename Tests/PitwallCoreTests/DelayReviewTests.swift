import Foundation
import Testing

@testable import PitwallCore

@Suite("Delays agents report: a step a store, what it costs a week, and what its fix did")
struct DelayReviewTests {
    let catalog = KPICatalog.standard
    let recorded = Timestamp(millisecondsSinceEpoch: 1_770_000_000_000)

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    func report(
        _ id: String, _ step: String, store: StoreID = "lkt", agent: String? = nil, on text: String = "2026-11-02", minutes: Double, share: Double = 1,
        change: String? = nil
    ) -> ReportedDelay {
        ReportedDelay(
            id: id, store: store, agent: agent, day: day(text), step: step, minutes: minutes, share: share, change: change, note: nil, recordedBy: "manager",
            recordedAt: recorded)
    }

    func outcome(_ id: String, on text: String, verdict: ChangeReview.Verdict) -> ChangeReview.Outcome {
        ChangeReview.Outcome(
            change: ProcessChange(
                id: id, day: day(text), store: "lkt", segment: nil, figure: .agentPickupWithinSLA, title: "Leads reach the DMS by themselves", note: nil,
                recordedBy: "manager", recordedAt: recorded),
            before: nil, since: nil, figureBefore: nil, figureSince: nil, changeChance: nil, verdict: verdict, restBefore: nil, restSince: nil)
    }

    @Test("reports of one step are one line whatever their case and spacing; minutes and share are the lower median; a week's cost is minutes × share × hand-offs")
    func costsAWeek() {
        let review = DelayReview(
            reports: [
                report("1", "Re-typing the lead into the DMS", agent: "ana", minutes: 6),
                report("2", "re-typing  the lead into the DMS.", agent: "ben", on: "2026-11-04", minutes: 4),
                report("3", "Waiting for a trade-in figure", minutes: 10, share: 0.25),
                report("4", "Re-typing the lead into the DMS", store: "hph", agent: "cy", minutes: 3),
            ],
            workload: ["lkt": .init(leadsAWeek: 60, agents: 6)], changes: [:])
        #expect(review.steps.map(\.step) == ["re-typing  the lead into the DMS.", "Waiting for a trade-in figure", "Re-typing the lead into the DMS"])
        let dms = review.steps[0]
        #expect(dms.reports.map(\.id) == ["1", "2"])
        #expect(dms.agents == ["ana", "ben"])
        #expect(dms.minutes == 4)
        #expect(dms.hoursAWeek == 4)
        #expect(dms.status == .open)
        #expect(
            dms.costWords(agentName: { $0.capitalized })
                == "Reported 2 times by 2 of 6 agents (Ana and Ben), about 4 min on every lead handed to an agent: some 4 h of agents' time a week at 60 leads a week.")
        #expect(review.steps[1].hoursAWeek == 2.5)
        #expect(
            review.steps[1].costWords(agentName: { $0 })
                == "Reported once by the team, about 10 min on 25% of the leads handed to an agent: some 2 h 30 min of agents' time a week at 60 leads a week.")
        // The other store handed no lead to an agent: no week's cost, and last.
        #expect(review.steps[2].store == "hph")
        #expect(review.steps[2].hoursAWeek == nil)
        #expect(review.steps[2].costWords(agentName: { $0 }).hasSuffix("no lead was handed to an agent there in the last 4 weeks to reckon a week's cost by."))
        #expect(review.openHoursAWeek == 6.5)
        #expect(review.count(.open) == 3)
    }

    @Test("a step whose newest naming report names a change is addressed, after the open ones, with the change's verdict and the reports made since")
    func addressed() {
        let review = DelayReview(
            reports: [
                report("1", "Re-typing the lead into the DMS", agent: "ana", on: "2026-10-01", minutes: 5),
                report("2", "Re-typing the lead into the DMS", agent: "ben", on: "2026-10-20", minutes: 5, change: "change-1"),
                report("3", "Re-typing the lead into the DMS", agent: "ana", on: "2026-11-03", minutes: 2),
                report("4", "Calling the desk for a price", minutes: 1),
                report("5", "Printing the credit form", minutes: 3, change: "change-gone"),
            ],
            workload: ["lkt": .init(leadsAWeek: 30, agents: 4)], changes: ["change-1": outcome("change-1", on: "2026-10-25", verdict: .better)])
        #expect(review.steps.map(\.status) == [.open, .addressed, .addressed])
        let dms = review.steps.first { $0.change != nil }!
        #expect(dms.reportsSinceChange == 1)
        #expect(
            dms.statusWords(catalog: catalog)
                == "Addressed by 'Leads reach the DMS by themselves' (25 Oct 2026): agent pick-up within SLA better since. Still reported once since.")
        let gone = review.steps.first { $0.missingChange != nil }!
        #expect(gone.statusWords(catalog: catalog).contains("'change-gone', which is not in the change log"))
        #expect(review.steps[0].statusWords(catalog: catalog).hasPrefix("Nothing is recorded against it yet"))
        // Only the open step's cost counts as still to win.
        #expect(review.openHoursAWeek == 0.5)
    }

    @Test("every verdict in words, and the change of an older report no longer speaks once a newer one names another")
    func verdicts() {
        for (verdict, words) in [
            (ChangeReview.Verdict.worse, "agent pick-up within SLA worse since: undo it, or find out why."),
            (.noClearChange, "no clear change in agent pick-up within SLA since."), (.tooEarly, "too early to tell what it did to agent pick-up within SLA."),
        ] {
            let review = DelayReview(
                reports: [report("1", "Step", minutes: 1, change: "old"), report("2", "step", on: "2026-11-05", minutes: 1, change: "new")], workload: [:],
                changes: ["old": outcome("old", on: "2026-10-01", verdict: .better), "new": outcome("new", on: "2026-11-04", verdict: verdict)])
            #expect(review.steps.count == 1)
            #expect(review.steps[0].change?.change.id == "new")
            #expect(review.steps[0].statusWords(catalog: catalog).hasSuffix(words), "\(verdict)")
        }
        #expect(DelayReview(reports: [], workload: [:], changes: [:]).findings(catalog: catalog, storeName: nil, agentName: { $0 }, windowLabel: "the week") == [
            "No delay reported for the week."
        ])
    }

    @Test("a report is refused naming the field: store, step, minutes, share, day and note")
    func refusals() {
        func refusal(store: String? = "lkt", step: String? = "Step", minutes: String? = "4", share: String? = nil, day: String? = "2026-11-02", note: String? = nil) -> String? {
            ReportedDelay.refusal(
                store: store, agent: nil, day: day, step: step, minutes: minutes, share: share, note: note, today: CivilDate(iso: "2026-11-05")!,
                knownStores: ["lkt"]
            ).map { "\($0.name): \($0.reason)" }
        }
        #expect(refusal() == nil)
        #expect(refusal(store: "nope") == "store_id: 'nope' is not a configured store")
        #expect(refusal(step: "  ")?.hasPrefix("step: say which step holds leads up") == true)
        #expect(refusal(step: String(repeating: "x", count: 121)) == "step: at most 120 characters (this one has 121)")
        #expect(refusal(minutes: nil) == "minutes: give the minutes the step costs each lead it touches")
        #expect(refusal(minutes: "four") == "minutes: 'four' is not a number of minutes")
        #expect(refusal(minutes: "0") == "minutes: 0 is not between 0 and 240 minutes a lead")
        #expect(refusal(minutes: "300") == "minutes: 300 is not between 0 and 240 minutes a lead")
        #expect(refusal(share: "50%")?.hasPrefix("share: '50%' is not a fraction") == true)
        #expect(refusal(share: "1.5") == "share: 1.5 is not above 0 and at most 1 (a fraction: 0.25 for a quarter)")
        #expect(refusal(day: "2026-11-06") == "day: 2026-11-06 is after today (2026-11-05) at that store")
        #expect(refusal(day: "5 Nov") == "day: '5 Nov' is not a date; use YYYY-MM-DD")
        #expect(refusal(note: String(repeating: "x", count: 501)) == "note: at most 500 characters (this one has 501)")
    }
}
