import CSV
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallSimulator
import PitwallTestSupport
import Testing

@Suite("CSV export: leads, messages and KPIs for spreadsheets")
struct DataExportAPITests {
    /// Rows of a CSV answer keyed by header, read back with CSV.swift.
    static func table(_ text: String) throws -> [[String: String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        let header = reader.headerRow ?? []
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        return rows
    }

    @Test("hand-made leads: local-day window, contact checks beside the values, outcomes, messages both ways, the scorecard as rows")
    func handMade() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        // 2 March 23:30 in Chicago is 3 March 05:30 UTC: inside a window ending 2 March.
        // 3 March 00:30 in Chicago is outside it.
        let events = """
            {"id":"c1","type":"lead.created","occurred_at":"2026-03-02T15:00:00-06:00","lead_id":"L-1","store_id":"lkt","source":"cargurus","tier":"hot","cost":31.5,"vehicle":{"condition":"used","make":"Honda","model":"CR-V","year":2021},"contact":{"first_name":"Ana","last_name":"Lopez, Jr.","phone":"(312) 867-5309","email":"ana@example.com"}}
            {"id":"s1","type":"message.sent","occurred_at":"2026-03-02T15:00:40-06:00","lead_id":"L-1","message_id":"m1","channel":"sms","sender":"ai","template_id":"first-touch"}
            {"id":"st1","type":"message.status","occurred_at":"2026-03-02T15:00:45-06:00","lead_id":"L-1","message_id":"m1","status":"delivered"}
            {"id":"r1","type":"message.received","occurred_at":"2026-03-02T15:05:00-06:00","lead_id":"L-1","message_id":"in1","channel":"sms","body":"Yes, \\"Saturday\\" works"}
            {"id":"a1","type":"appointment.set","occurred_at":"2026-03-02T15:06:00-06:00","lead_id":"L-1","appointment_id":"ap1","scheduled_for":"2026-03-07T10:00:00-06:00"}
            {"id":"a2","type":"appointment.attended","occurred_at":"2026-03-07T10:05:00-06:00","lead_id":"L-1","appointment_id":"ap1"}
            {"id":"sale","type":"sale.closed","occurred_at":"2026-03-07T13:00:00-06:00","lead_id":"L-1","sale_id":"S1","amount":27950}
            {"id":"c2","type":"lead.created","occurred_at":"2026-03-02T23:30:00-06:00","lead_id":"L-2","store_id":"lkt","source":"website","contact":{"phone":"312-555-0150","email":"not an address"}}
            {"id":"c3","type":"lead.created","occurred_at":"2026-03-03T00:30:00-06:00","lead_id":"L-3","store_id":"lkt","source":"website"}
            """
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data(events.utf8)), at: try Timestamp(rfc3339: "2026-03-08T00:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-08T00:00:00Z"))
        try await app.run { client in
            let leads = try await client.execute(uri: "/v1/export/leads.csv?from=2026-03-02&to=2026-03-02", method: .get, headers: app.headers(.read))
            #expect(leads.status == .ok)
            #expect(leads.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(leads.headers[.contentDisposition] == #"attachment; filename="pitwall-leads-2026-03-02-to-2026-03-02.csv""#)
            #expect(leads.text.hasPrefix(LeadTable.columns.joined(separator: ",") + "\r\n"))
            let rows = try Self.table(leads.text)
            #expect(rows.map { $0["lead_id"] } == ["L-1", "L-2"])
            #expect(rows[0]["last_name"] == "Lopez, Jr.")
            #expect(rows[0]["phone_e164"] == "+13128675309" && rows[0]["phone_problem"] == "")
            #expect(rows[0]["first_response_seconds"] == "40")
            #expect(rows[0]["replies"] == "1" && rows[0]["appointments_attended"] == "1" && rows[0]["sales"] == "1" && rows[0]["revenue"] == "27950")
            #expect(rows[0]["created_local_date"] == "2026-03-02" && rows[0]["cost"] == "31.5" && rows[0]["vehicle_year"] == "2021")
            #expect(rows[1]["created_local_date"] == "2026-03-02")
            #expect(rows[1]["phone"] == "312-555-0150" && rows[1]["phone_e164"] == "")
            #expect(rows[1]["phone_problem"] == "555-0150 is reserved for fiction, not a real number")
            #expect(rows[1]["email_problem"] == "'not an address' has spaces or separators: one address only")

            let messages = try Self.table(
                try await client.execute(uri: "/v1/export/messages.csv?from=2026-03-02&to=2026-03-02", method: .get, headers: app.headers(.read)).text)
            #expect(messages.map { $0["message_id"] } == ["m1", "in1"])
            #expect(messages[0]["status"] == "delivered" && messages[0]["template_id"] == "first-touch" && messages[0]["direction"] == "outbound")
            #expect(messages[1]["body"] == #"Yes, "Saturday" works"# && messages[1]["opt_out"] == "false")

            let kpis = try Self.table(
                try await client.execute(uri: "/v1/export/kpis.csv?from=2026-03-02&to=2026-03-02", method: .get, headers: app.headers(.read)).text)
            let conversion = try #require(kpis.first { $0["kpi"] == "lead_to_sale_conversion" })
            #expect(conversion["numerator"] == "1" && conversion["denominator"] == "2" && conversion["value"] == "0.5")
            #expect(conversion["target_min"] == "0.08" && conversion["target_max"] == "0.12" && conversion["status"] == "green")

            let ndjson = try await client.execute(uri: "/v1/export/leads.ndjson?from=2026-03-02&to=2026-03-02&store=lkt", method: .get, headers: app.headers(.read))
            #expect(ndjson.text.split(separator: "\n").count == 2)
            #expect(ndjson.text.contains(#""phone_e164":null"#))

            let unknown = try await client.execute(uri: "/v1/export/sales.csv", method: .get, headers: app.headers(.read))
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage == "no export 'sales.csv'; the tables are leads, messages, kpis, repeats, as .csv or .ndjson")
            let badFormat = try await client.execute(uri: "/v1/export/leads.xlsx", method: .get, headers: app.headers(.read))
            #expect(badFormat.errorMessage == "no export 'leads.xlsx'; ask for leads.csv or leads.ndjson")
            let badDate = try await client.execute(uri: "/v1/export/leads.csv?from=March", method: .get, headers: app.headers(.read))
            #expect(badDate.status == .badRequest)
            #expect(badDate.errorMessage?.hasPrefix("from:") == true)
            #expect(try await client.execute(uri: "/v1/export/leads.csv", method: .get, headers: app.headers(.ingest)).status == .forbidden)
        }
    }

    @Test("simulated fortnight: the exports agree with a count made straight from the events")
    func simulated() async throws {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 14, seed: 33, storeCount: 2, leadsPerDay: 25))
        var events: [Event] = []
        simulator.run { events.append($0) }
        let app = try await TestApp.make(configuration: simulator.configuration)
        _ = try await app.store.ingest(events, at: simulator.settings.end)
        app.clock.set(simulator.settings.end)
        let from = CivilDate(daysSinceEpoch: simulator.settings.start.millisecondsSinceEpoch / Timestamp.millisecondsPerDay + 3)
        let to = from.adding(days: 6)

        // The second way: straight from the events, by each store's own local day.
        var leadsInWindow = Set<LeadID>()
        for event in events {
            guard case .leadCreated(let lead) = event.payload else { continue }
            let day = simulator.configuration.store(lead.storeID).calendar.localDate(of: event.occurredAt)
            if day >= from && day <= to { leadsInWindow.insert(event.leadID) }
        }
        var messageKeys = Set<String>()
        var revenue: [String: Double] = [:]
        for event in events where leadsInWindow.contains(event.leadID) {
            switch event.payload {
            case .messageSent(let sent): messageKeys.insert("out:\(sent.messageID)")
            case .messageReceived(let received): messageKeys.insert("in:\(received.messageID)")
            case .saleClosed(let sale): revenue[sale.saleID.rawValue] = revenue[sale.saleID.rawValue] ?? sale.amount.amount
            default: break
            }
        }
        #expect(leadsInWindow.count > 100)
        let (expectedLeads, expectedMessages, expectedRevenue) = (leadsInWindow, messageKeys, revenue.values.reduce(0, +))

        try await app.run { client in
            let query = "from=\(from)&to=\(to)"
            let leads = try Self.table(try await client.execute(uri: "/v1/export/leads.csv?\(query)", method: .get, headers: app.headers(.read)).text)
            #expect(Set(leads.compactMap { $0["lead_id"] }.map { LeadID($0) }) == expectedLeads)
            #expect(leads.count == expectedLeads.count)
            let exportedRevenue = leads.compactMap { Double($0["revenue"] ?? "") }.reduce(0, +)
            #expect(abs(exportedRevenue - expectedRevenue) < 0.005)
            let messages = try Self.table(try await client.execute(uri: "/v1/export/messages.csv?\(query)", method: .get, headers: app.headers(.read)).text)
            #expect(Set(messages.map { ($0["direction"] == "outbound" ? "out:" : "in:") + ($0["message_id"] ?? "") }) == expectedMessages)
            #expect(messages.count == expectedMessages.count)
        }
    }
}

@Suite("CSV writing: RFC 4180, read back by CSV.swift")
struct TableEncoderTests {
    @Test("fields with commas, quotes, line breaks, accents and nothing at all come back exactly; plain fields stay unquoted")
    func roundTrip() throws {
        let fields = [
            "plain", "Lopez, Jr.", #"She said "Saturday""#, "line one\nline two", "crlf\r\nend", "José Müller 🚗", "", " padded ", "\"", ",",
        ]
        let encoder = TableEncoder(format: .csv, columns: fields.indices.map { "c\($0)" })
        let text = try encoder.header() + encoder.encode([fields.map(TableCell.text), [.integer(42), .number(0.125), .empty] + Array(repeating: .text("x"), count: 7)])
        #expect(text.hasPrefix("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\r\nplain,\"Lopez, Jr.\",\"She said \"\"Saturday\"\"\","))
        let rows = try DataExportAPITests.table(text)
        #expect(rows.count == 2)
        #expect(fields.indices.map { rows[0]["c\($0)"] } == fields.map { Optional($0) })
        #expect(rows[1]["c0"] == "42" && rows[1]["c1"] == "0.125" && rows[1]["c2"] == "")
    }

    @Test(
        "text a spreadsheet would run as a formula is kept as text; phones and signed numbers are left as they are",
        arguments: [
            ("=HYPERLINK(\"http://x.example\",\"Click\")", "'=HYPERLINK(\"http://x.example\",\"Click\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(1+1)", "'@SUM(1+1)"), ("\tx", "'\tx"), ("+1 (512) 555-0100", "+1 (512) 555-0100"), ("+15125550100", "+15125550100"),
            ("-3.5", "-3.5"), ("-", "-"), ("Yes = Saturday", "Yes = Saturday"), ("", ""),
        ])
    func formulas(text: String, written: String) throws {
        let encoder = TableEncoder(format: .csv, columns: ["body"])
        let rows = try DataExportAPITests.table(try encoder.header() + encoder.encode([[.text(text)]]))
        #expect(rows.first?["body"] == written)
        // NDJSON goes to programs, not spreadsheets: it keeps the text exactly.
        let line = try TableEncoder(format: .ndjson, columns: ["body"]).encode([[.text(text)]])
        #expect((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["body"] == text)
    }
}
