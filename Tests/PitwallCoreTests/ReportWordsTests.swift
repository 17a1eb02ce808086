import PitwallCore
import Testing

@Suite("What the scheduled reports say")
struct ReportWordsTests {
    func lead(_ id: String, agent: String?) -> ReportToday.Lead {
        ReportToday.Lead(leadID: LeadID(id), storeName: "Lakeside Toyota", source: "CarGurus", temperature: 85, replies: 1, agent: agent)
    }

    @Test("the sales team's day: counts in words, one and many, and nothing waiting said plainly")
    func today() {
        let day = CivilDate(year: 2026, month: 12, day: 4)!
        #expect(ReportToday(date: day, appointments: 1, followUps: 0, warmest: []).lines == [
            "1 appointment booked for today.", "No answered lead of the last 7 days is waiting for a call back.",
        ])
        let one = ReportToday(date: day, appointments: 12, followUps: 1, warmest: [lead("L-7", agent: "Maria Lopez")])
        #expect(one.heading == "For today, Fri 4 Dec 2026")
        #expect(one.lines == [
            "12 appointments booked for today.", "1 answered lead of the last 7 days is still open (no appointment, no sale); call the warmest first:",
            "- L-7 at Lakeside Toyota from CarGurus: temperature 85, 1 reply, agent Maria Lopez",
        ])
        #expect(lead("L-8", agent: nil).line.hasSuffix(", no agent yet"))
    }

    @Test("a remedy for a KPI on its bad side, with the page to start on; none for a figure beyond a band that counts as good")
    func remedies() {
        #expect(KPIRemedy.of(.leadResponseRate, side: .below)?.path == "/kpis/lead_response_rate?by=hour")
        #expect(KPIRemedy.of(.firstResponseTime, side: .above)?.path == "/sla")
        // The same action, so a report says it once for both.
        #expect(KPIRemedy.of(.messageDeliveryRate, side: .below) == KPIRemedy.of(.messageFailureRate, side: .above))
        #expect(KPIRemedy.of(.optOutRate, side: .above)?.action == KPIRemedy.of(.complaintRate, side: .above)?.action)
        #expect(KPIRemedy.of(.leadToSaleConversion, side: .above) == nil && KPIRemedy.of(.messageDeliveryRate, side: .above) == nil)
        #expect(KPIRemedy.of(.conversationLength, side: .below) != KPIRemedy.of(.conversationLength, side: .above), "too short and too long are different work")
    }
}
