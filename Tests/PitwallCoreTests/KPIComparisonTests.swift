import PitwallCore
import Testing

@Suite("What a window is compared with")
struct KPIComparisonTests {
    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test(
        "a month before: the same days, the last day of a shorter month for a later day, the whole month before for a month that ends",
        arguments: [
            ("2026-12-01", "2026-12-03", "2026-11-01", "2026-11-03"),  // month to date beside November to the same date
            ("2026-11-01", "2026-11-30", "2026-10-01", "2026-10-31"),  // a whole month beside all of October
            ("2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28"),
            ("2024-03-31", "2024-03-31", "2024-02-29", "2024-02-29"),  // a leap February's last day
            ("2025-03-30", "2025-03-31", "2025-02-28", "2025-02-28"),
            ("2026-01-10", "2026-01-20", "2025-12-10", "2025-12-20"),  // across the new year
            ("2026-02-15", "2026-03-14", "2026-01-15", "2026-02-14"),
        ])
    func monthBefore(from: String, to: String, comparedFrom: String, comparedTo: String) {
        let compared = KPIComparison.previousMonth.window(from: day(from), to: day(to))
        #expect(compared.from == day(comparedFrom) && compared.to == day(comparedTo))
    }

    @Test("a week before: the same weekdays seven days earlier, across a month and a year's end")
    func weekBefore() {
        let yesterday = KPIComparison.previousWeek.window(from: day("2026-12-06"), to: day("2026-12-06"))
        #expect(yesterday.from == day("2026-11-29") && yesterday.to == day("2026-11-29"))
        #expect(day("2026-12-06").isoWeekday == yesterday.from.isoWeekday)
        let newYear = KPIComparison.previousWeek.window(from: day("2026-01-01"), to: day("2026-01-04"))
        #expect(newYear.from == day("2025-12-25") && newYear.to == day("2025-12-28"))
    }

    @Test("adding months keeps the day, or takes the month's last day when it is shorter")
    func addingMonths() {
        #expect(day("2025-01-31").addingMonths(1) == day("2025-02-28"))
        #expect(day("2024-01-31").addingMonths(1) == day("2024-02-29"))
        #expect(day("2025-12-10").addingMonths(1) == day("2026-01-10"))
        #expect(day("2026-01-15").addingMonths(-1) == day("2025-12-15"))
        #expect(day("2024-02-29").addingMonths(12) == day("2025-02-28"))
        #expect(day("2026-05-31").addingMonths(-25) == day("2024-04-30"))
    }

    @Test("each comparison's heading and phrase")
    func words() {
        #expect(KPIComparison.allCases.map(\.heading) == ["Before", "A year before", "A month before", "A week before"])
        #expect(KPIComparison.previousMonth.phrase == "the same days a month before")
    }
}
