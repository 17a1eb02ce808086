import Testing

@testable import PitwallCore

@Suite("An import's report for a person at a terminal")
struct ImportSummaryTests {
    @Test("counts in one sentence; refusals and warnings listed up to the limit, the rest counted, with where to find them all")
    func listsAndCounts() {
        var report = IngestReport(accepted: 1_204, duplicates: 3, rejected: [IngestRejection(index: 6, line: 9, id: "e7", error: "amount: must be greater than 0, got 0")])
        report.rejected.append(IngestRejection(index: 11, error: "type: unknown event type 'lead.deleted'"))
        report.warnings = (0..<4).map { IngestWarning(index: $0, line: $0 + 1, id: "c\($0)", warning: "contact.phone: 555-0150 is reserved for fiction, not a real number") }
        report.warningsNotListed = 1_500
        let text = report.summary.text(listing: 2)
        #expect(
            text == """
                1,209 events read: 1,204 stored, 3 already stored before, 2 refused.
                Refused (left out; everything else was stored):
                  line 9 (id e7): amount: must be greater than 0, got 0
                  entry 12: type: unknown event type 'lead.deleted'
                Stored, with a warning (1,504):
                  line 1 (id c0): contact.phone: 555-0150 is reserved for fiction, not a real number
                  line 2 (id c1): contact.phone: 555-0150 is reserved for fiction, not a real number
                  ... and 1,502 more; --format json lists the first 4.
                """)
    }

    @Test("a clean import is one line; a CSV counts rows read and events stored")
    func clean() {
        #expect(IngestReport(accepted: 12).summary.text() == "12 events read: 12 stored, none refused.")
        #expect(IngestReport(accepted: 1).summary.text() == "1 event read: 1 stored, none refused.")
        let csv = ImportSummary(unit: "rows", storedUnit: "events", read: 10, stored: 18, duplicates: 0, refused: [.init(position: "row 4", text: "phone: is empty")], warnings: [])
        #expect(csv.text() == "10 rows read: 18 events stored, 1 row refused.\nRefused (left out; everything else was stored):\n  row 4: phone: is empty")
    }
}
