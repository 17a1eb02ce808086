import Foundation
import Testing

@testable import PitwallCore

@Suite("CSV rows from CRM exports become events by a mapping; a bad row names its column and stands alone")
struct CSVRowReaderTests {
    static let configuration = PitwallConfiguration(stores: [
        StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!),
        StoreProfile(id: "nrh", name: "North Ridge Honda", timeZone: TimeZone(identifier: "America/New_York")!),
    ])
    static let header = ["Lead ID", "Created", "Dealer", "Rating", "Phone", "E-mail", "Owner", "Price"]
    static let leads = CSVMapping(
        kind: .leads,
        columns: ["lead_id": "Lead ID", "created_at": "Created", "store_id": "Dealer", "tier": "Rating", "phone": "Phone", "email": "E-mail",
                  "agent_id": "Owner", "cost": "Price"],
        fixed: ["source": "crm-import"], translations: ["tier": ["Hot": "hot", "Lukewarm": "warm"], "store_id": ["Lakeside Toyota": "lkt"]],
        dateFormat: "MM/dd/yyyy hh:mm a")

    static func reader(_ mapping: CSVMapping = leads, header: [String] = header) -> CSVRowReader {
        CSVRowReader(mapping: mapping, header: header, configuration: configuration)
    }

    @Test("a lead row: the CRM's words translated, its date format read on the store's clock, the phone put in E.164, the owner assigned")
    func leadRow() throws {
        let converted = try Self.reader().convert(
            ["C-1001", "03/02/2026 09:15 AM", "Lakeside Toyota", "Lukewarm", "(312) 867-5309", " ana@Example.com ", "maria", "$1,250.00"], line: 2
        ).get()
        #expect(converted.events.map(\.id) == ["csv:lead:C-1001", "csv:assigned:C-1001:maria"])
        let created = converted.events[0]
        #expect(created.occurredAt == (try Timestamp(rfc3339: "2026-03-02T15:15:00Z")))
        guard case .leadCreated(let lead) = created.payload else {
            Issue.record("expected a lead.created")
            return
        }
        #expect(lead.storeID == "lkt" && lead.source == "crm-import" && lead.tier == .warm && lead.cost == Money(amount: 1250))
        #expect(lead.contact?.phone == "+13128675309" && lead.contact?.extras["phone_as_sent"] == .string("(312) 867-5309"))
        #expect(lead.contact?.email == "ana@example.com")
        #expect(converted.warnings.isEmpty)
        #expect(converted.events[1].payload == .leadAssigned(agent: "maria"))
    }

    @Test("a fiction number is kept with its problem and a warning; the lead is still stored")
    func flaggedContact() throws {
        let converted = try Self.reader().convert(["C-1002", "03/02/2026 10:00 PM", "nrh", "", "312-555-0150", "", "", ""], line: 3).get()
        guard case .leadCreated(let lead) = converted.events[0].payload else { return }
        #expect(lead.contact?.phone == "312-555-0150")
        #expect(lead.contact?.extras["phone_problem"] == .string("555-0150 is reserved for fiction, not a real number"))
        #expect(converted.warnings == ["phone: 555-0150 is reserved for fiction, not a real number"])
        // nrh is in New York: 22:00 EST is 03:00 UTC the next day.
        #expect(converted.events[0].occurredAt == (try Timestamp(rfc3339: "2026-03-03T03:00:00Z")))
        #expect(converted.events.count == 1)
    }

    @Test(
        "bad rows name the row, the column and the problem",
        arguments: [
            (["C-1", "2026-03-02 09:15", "lkt", "", "", "", "", ""], "row 5: column 'Created' (created_at): '2026-03-02 09:15' does not match the date format MM/dd/yyyy hh:mm a"),
            (["C-2", "03/02/2026 09:15 AM", "lkt", "Scorching", "", "", "", ""], "row 5: column 'Rating' (tier): 'scorching' is not one of hot, warm, cold"),
            (["C-3", "03/02/2026 09:15 AM", "lkt", "", "", "", "", "free"], "row 5: column 'Price' (cost): 'free' is not a number"),
            (["", "03/02/2026 09:15 AM", "lkt", "", "", "", "", ""], "row 5: column 'Lead ID' (lead_id): must not be empty"),
            (["C-4", "", "lkt", "", "", "", "", ""], "row 5: column 'Created' (created_at): empty; every lead needs its creation time"),
            (["C-5", "06/15/1999 09:00 AM", "lkt", "", "", "", "", ""],
             "row 5: column 'Created' (created_at): 1999-06-15T14:00:00.000Z is outside the years 2000 to 2099 that Pitwall keeps events for (a placeholder date from the sender?)"),
            (["C-6", "03/02/2026 09:15 AM", "lkt", "", "312\u{0}867-5309", "", "", ""],
             "row 5: column 'Phone': holds a NUL character (byte 0), which no text can keep; remove it"),
        ])
    func badRows(row: [String], problem: String) {
        guard case .failure(let failure) = Self.reader().convert(row, line: 5) else {
            Issue.record("row should be refused")
            return
        }
        #expect(failure.description == problem)
    }

    @Test("message rows: outbound with its delivery status, inbound with its body; dates without an offset need a zone")
    func messages() throws {
        let mapping = CSVMapping(
            kind: .messages,
            columns: ["lead_id": "Lead", "message_id": "SID", "at": "When", "direction": "Dir", "sender": "From", "status": "Status", "body": "Text"],
            fixed: ["channel": "sms"], translations: ["direction": ["Out": "outbound", "In": "inbound"], "sender": ["Bot": "ai", "Rep": "agent"]])
        let reader = Self.reader(mapping, header: ["Lead", "SID", "When", "Dir", "From", "Status", "Text"])
        let outbound = try reader.convert(["C-1", "SM1", "2026-03-02T15:15:40Z", "Out", "Bot", "Delivered", "Hi Ana"], line: 2).get()
        #expect(outbound.events.map(\.type) == [.messageSent, .messageStatus])
        #expect(outbound.events[1].payload == .messageStatus(MessageStatusChange(messageID: "SM1", status: .delivered, errorCode: nil)))
        let inbound = try reader.convert(["C-1", "SM2", "2026-03-02T15:20:00Z", "In", "", "", "STOP"], line: 3).get()
        #expect(inbound.events.map(\.id) == ["csv:received:SM2"])
        #expect(inbound.events[0].payload == .messageReceived(MessageReceived(messageID: "SM2", channel: .sms, body: "STOP")))
        guard case .failure(let zoneless) = reader.convert(["C-1", "SM3", "2026-03-02 09:15", "Out", "Bot", "", ""], line: 4) else {
            Issue.record("a date without an offset, with two stores and no timezone, cannot be placed")
            return
        }
        #expect(zoneless.description == "row 4: column 'When' (at): '2026-03-02 09:15' has no UTC offset; say the zone with timezone: in the mapping")
        guard case .failure(let direction) = reader.convert(["C-1", "SM4", "2026-03-02T15:15:40Z", "Sideways", "Bot", "", ""], line: 5) else { return }
        #expect(direction.description.hasPrefix("row 5: column 'Dir' (direction): 'sideways' is neither outbound nor inbound"))
    }

    @Test("mappings that cannot work say which key is wrong; a file without a mapped column names it and lists what it has")
    func mappingProblems() {
        #expect(CSVMapping(kind: .leads, columns: ["lead_id": "ID", "created_at": "C", "store_id": "S"]).problem()
            == "columns.source: required for leads; name the column that holds it (or give a fixed value)")
        #expect(CSVMapping(kind: .leads, columns: ["lead": "ID"]).problem()?.hasPrefix("'lead' is not a field of leads (fields: lead_id, created_at") == true)
        #expect(Self.leads.headerProblem(["Lead ID", "Created"])
            == "columns.agent_id: the file has no column 'Owner' (its columns: Lead ID, Created)")
        #expect(Self.leads.problem() == nil)
    }
}
