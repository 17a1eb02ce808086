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
