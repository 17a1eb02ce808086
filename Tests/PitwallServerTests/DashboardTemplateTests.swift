@testable import PitwallCore
import Testing

@testable import PitwallServer

@Suite("Dashboard templates")
struct DashboardTemplateTests {
    @Test("every page template ships with the build and parses")
    func templatesParse() {
        let renderer = PageRenderer()
        #expect(renderer.problems.isEmpty, "\(renderer.problems)")
        for name in ["layout", "error", "sign-in", "status", "scorecard", "kpi", "sla", "alerts", "lead", "filter-form", "alert-table", "alert-row"] {
            #expect(renderer.has(template: name), "\(name)")
        }
    }
}

@Suite("Scorecard badges")
struct ScorecardBadgeTests {
    @Test("a young figure heading beyond a band that counts as good says 'Above target', as a settled one does, and why on hover")
    func headingAboveTarget() throws {
        let definition = KPICatalog.standard[.leadToSaleConversion]
        let young = CohortMaturity(outcome: .sale, shareIn: 0.76, typicalDelay: 86_400 * 14, measuredOn: 663, settlesOn: CivilDate(iso: "2026-12-18")!)
        // The demo's phone leads: 22 sales of 114 leads with about 76 % of sales in.
        let result = KPIResult(
            key: .leadToSaleConversion, value: 22.0 / 114, numerator: 22, denominator: 114, details: [], status: .green, gap: 0.073, maturity: young)
        let badge = ScorecardPage.badge(result, definition: definition, today: CivilDate(iso: "2026-12-03")!)
        #expect(badge.colour == "green")
        #expect(badge.words == "Above target")
        #expect(badge.title?.hasPrefix("Judged on where it is heading, about 25.4% (above the target (8% – 12%), which counts as good): ") == true, "\(badge.title ?? "")")
        var settled = result
        settled.maturity = nil
        let now = ScorecardPage.badge(settled, definition: definition, today: CivilDate(iso: "2026-12-03")!)
        #expect(now.words == "Above target" && now.title == "Above the target (8% – 12%), which counts as good")
    }
}
