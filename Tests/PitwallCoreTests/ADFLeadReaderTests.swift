import Foundation
import PitwallTestSupport
import Testing

@testable import PitwallCore

@Suite("ADF leads: real-world documents read leniently, each prospect on its own, nothing external fetched")
struct ADFLeadReaderTests {
    static let stores = [
        StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!),
        StoreProfile(id: "nrh", name: "North Ridge Honda", timeZone: TimeZone(identifier: "America/New_York")!),
    ]
    static let arrival = try! Timestamp(rfc3339: "2026-03-02T16:00:00Z")

    static func reader(store: StoreID? = nil, stores: [StoreProfile] = stores) -> ADFLeadReader {
        // A stand-in digest that is stable and visibly derived from the text; the server uses SHA-256.
        ADFLeadReader(stores: stores, storeOverride: store, receivedAt: arrival) { text in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return String(repeating: String(hash, radix: 16), count: 3)
        }
    }

    static func leads(_ document: String, store: StoreID? = nil) throws -> [(event: Event, warnings: [String])] {
        try reader(store: store).read(Data(document.utf8)).compactMap {
            if case .lead(let event, let warnings) = $0.outcome { return (event, warnings) }
            return nil
        }
    }

    static func created(_ event: Event) -> LeadCreated? {
        if case .leadCreated(let created) = event.payload { return created }
        return nil
    }

    @Test("a by-the-book lead: its own id, exact time, store by vendor name, source by provider, the car wanted, the trade-in kept")
    func standard() throws {
        let leads = try Self.leads(ADFSamples.standard)
        try #require(leads.count == 1)
        let (event, warnings) = leads[0]
        let lead = try #require(Self.created(event))
        #expect(warnings.isEmpty)
        #expect(event.leadID == "adf:CarGurus:CG-77812")
        #expect(event.occurredAt == (try Timestamp(rfc3339: "2026-03-02T15:14:30Z")))
        #expect(lead.storeID == "lkt")
        #expect(lead.source == "cargurus")
        #expect(lead.vehicle?.condition == .new)
        #expect(lead.vehicle?.make == "Toyota" && lead.vehicle?.model == "RAV4" && lead.vehicle?.year == 2026)
        #expect(lead.vehicle?.extras["vin"] == .string("2T3W1RFV5SW000001"))
        #expect(lead.contact?.firstName == "Ana" && lead.contact?.lastName == "Lopez")
        #expect(lead.contact?.phone == "+13128675309")
        #expect(lead.contact?.extras["phone_as_sent"] == .string("(312) 867-5309"))
        #expect(lead.contact?.email == "ana.lopez@example.com")
        #expect(event.extras["received_at"] == .string("2026-03-02T16:00:00.000Z"))
        let prospect = event.extras["adf"]?.objectMembers["prospect"]?.objectMembers ?? [:]
        guard case .array(let vehicles)? = prospect["vehicle"] else {
            Issue.record("both vehicles should be kept, got \(String(describing: prospect["vehicle"]))")
            return
        }
        #expect(vehicles.count == 2)
        #expect(vehicles[1].objectMembers["@interest"] == .string("trade-in"))
        #expect(vehicles[1].objectMembers["odometer"]?.objectMembers["text"] == .string("81234"))
        #expect(prospect["customer"]?.objectMembers["comments"] == .string("Is the RAV4 still available? I can come Saturday."))
    }

    @Test("<?adf?> before the XML declaration, two prospects, mobile/cell/home phones, a full name, mailto:, no zone, unknown elements")
    func oddShapes() throws {
        let leads = try Self.leads(ADFSamples.twoProspectsOddShapes)
        try #require(leads.count == 2)
        let first = try #require(Self.created(leads[0].event))
        #expect(first.storeID == "lkt")
        #expect(first.source == "autotrader")
        // 09:15 with no zone is read on the store's clock: Chicago, CST (-06:00).
        #expect(leads[0].event.occurredAt == (try Timestamp(rfc3339: "2026-03-02T15:15:00Z")))
        #expect(leads[0].event.extras["adf"]?.objectMembers["requestdate_read_as"] == .string("storeClock"))
        #expect(first.contact?.firstName == "Mary Ellen" && first.contact?.lastName == "Carter")
        // The mobile number is a fiction number, so the valid cell number is the one to text.
        #expect(first.contact?.phone == "+17732901234")
        #expect(first.contact?.extras["phone_type"] == .string("cell"))
        #expect(first.contact?.email == "Mary.Carter@example.com")
        #expect(first.vehicle?.condition == .used && first.vehicle?.model == "CR-V")
        let contact = leads[0].event.extras["adf"]?.objectMembers["prospect"]?.objectMembers["customer"]?.objectMembers["contact"]?.objectMembers
        #expect(contact?["x-preferred-language"] == .string("es"))
        #expect(leads[0].warnings.isEmpty)

        let second = try #require(Self.created(leads[1].event))
        #expect(leads[1].event.occurredAt == (try Timestamp(rfc3339: "2026-03-02T15:20:00Z")))
        #expect(second.source == "adf")
        // Kept as sent, with the reason beside it.
        #expect(second.contact?.phone == "312.555.0100 ext. 12")
        #expect(second.contact?.email == "sam at example dot com")
        #expect(leads[1].warnings == [
            "phone: has an extension: '312.555.0100 ext. 12' cannot receive texts",
            "email: 'sam at example dot com' has spaces or separators: one address only",
        ])
        #expect(second.contact?.extras["email_problem"] != nil)
        // Without an id of their own, the two prospects still get different lead ids.
        #expect(leads[0].event.leadID != leads[1].event.leadID)
    }

    @Test("request dates in providers' shapes; an unreadable one falls back to the arrival time with a warning")
    func requestDates() throws {
        let leads = try Self.leads(ADFSamples.requestDates)
        try #require(leads.count == 4)
        #expect(leads.map(\.event.occurredAt) == [
            try Timestamp(rfc3339: "2026-03-02T15:15:00Z"), try Timestamp(rfc3339: "2026-03-02T06:00:00Z"),
            try Timestamp(rfc3339: "2026-03-02T15:15:00Z"), Self.arrival,
        ])
        #expect(leads[1].event.extras["adf"]?.objectMembers["requestdate_read_as"] == .string("dateOnly"))
        #expect(leads[3].warnings == ["requestdate: 'yesterday afternoon' is not a date Pitwall can read; the arrival time is used"])
        let placeholder = try Self.leads(ADFSamples.requestDates.replacingOccurrences(of: "yesterday afternoon", with: "1900-01-01T00:00:00Z"))
        #expect(placeholder[3].event.occurredAt == Self.arrival)
        #expect(placeholder[3].warnings == ["requestdate: '1900-01-01T00:00:00Z' is before 2000, a placeholder rather than a date; the arrival time is used"])
    }

    @Test("a prospect nobody can be reached by is refused by name; its neighbours are leads")
    func noContact() throws {
        let outcomes = try Self.reader(store: "nrh").read(Data(ADFSamples.oneWithoutContact.utf8))
        #expect(outcomes.count == 3)
        #expect(outcomes[1] == .init(number: 2, outcome: .refused("contact: no way to reach the customer: <customer><contact> has no <phone> and no <email>")))
        let ids = outcomes.compactMap { outcome -> LeadID? in
            if case .lead(let event, _) = outcome.outcome { return event.leadID }
            return nil
        }
        #expect(ids == ["adf:Edmunds:E-1", "adf:Edmunds:E-3"])
    }

    @Test("no store: refused naming the vendor and how to say the store; with a single store configured, that store")
    func storeResolution() throws {
        let outcome = try Self.reader().read(Data(ADFSamples.bareAmpersand.utf8))
        #expect(outcome.first?.outcome == .refused(
            "store: the vendor 'Smith & Sons Motors' matches no configured store; pass ?store=STORE_ID (or --store) to say which rooftop the lead is for"))
        let single = ADFLeadReader(stores: [Self.stores[1]], storeOverride: nil, receivedAt: Self.arrival) { _ in "0123456789abcdef0123456789abcdef" }
        guard case .lead(let event, _)? = try single.read(Data(ADFSamples.bareAmpersand.utf8)).first?.outcome else {
            Issue.record("the only store should take the lead")
            return
        }
        #expect(Self.created(event)?.storeID == "nrh")
        #expect(Self.created(event)?.source == "dealer-co-leads")
        #expect(event.id == "adf:0123456789abcdef0123456789abcdef")
    }

    @Test("the same document read twice gives the same events; another store makes other ids")
    func stableIdentity() throws {
        let once = try Self.leads(ADFSamples.twoProspectsOddShapes).map(\.event)
        let again = try Self.leads(ADFSamples.twoProspectsOddShapes).map(\.event)
        #expect(once == again)
        let elsewhere = try Self.leads(ADFSamples.twoProspectsOddShapes, store: "nrh").map(\.event)
        #expect(Set(once.map(\.id)).isDisjoint(with: elsewhere.map(\.id)))
    }

    @Test("malformed XML is refused with its line, not a stack trace")
    func malformed() {
        #expect {
            try Self.reader().read(Data(ADFSamples.malformed.utf8))
        } throws: { error in
            guard let error = error as? XMLReadError else { return false }
            return error.line != nil && error.description.contains("not well-formed XML")
        }
    }

    @Test("entity declarations are refused and nothing outside the document is read")
    func externalEntity() {
        #expect(throws: XMLReadError(problem: "the document declares entities (<!ENTITY ...>); Pitwall never expands entities, so send the lead without them")) {
            try Self.reader().read(Data(ADFSamples.externalEntity.utf8))
        }
    }

    @Test("a DOCTYPE naming the ADF DTD on disk or the web is read without fetching it")
    func doctypeNotFetched() throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE adf SYSTEM "file:///nonexistent/adf.dtd">
            <adf><prospect><customer><contact><email>x@example.com</email></contact></customer></prospect></adf>
            """
        #expect(try Self.leads(document, store: "lkt").count == 1)
    }

    @Test("a document in ISO-8859-1 or Windows-1252, as older dealer systems send, keeps its accents")
    func legacyEncodings() throws {
        for (name, encoding) in [("ISO-8859-1", String.Encoding.isoLatin1), ("windows-1252", .windowsCP1252)] {
            let document = """
                <?xml version="1.0" encoding="\(name)"?>
                <adf><prospect><customer><contact><name part="first">José</name><name part="last">Müller</name>
                <email>jose@example.com</email></contact></customer></prospect></adf>
                """
            let data = try #require(document.data(using: encoding))
            #expect(!data.elementsEqual(Data(document.utf8)), "the test document must really be in \(name)")
            guard case .lead(let event, _)? = try Self.reader(store: "lkt").read(data).first?.outcome, case .leadCreated(let lead) = event.payload else {
                Issue.record("a lead from the \(name) document")
                continue
            }
            #expect(lead.contact?.firstName == "José" && lead.contact?.lastName == "Müller", "\(name)")
        }
        // Undeclared and not UTF-8: read as Windows-1252 rather than refused.
        let undeclared = try #require("<adf><prospect><customer><contact><name part=\"first\">Zoë</name><email>z@example.com</email></contact></customer></prospect></adf>".data(using: .windowsCP1252))
        guard case .lead(let event, _)? = try Self.reader(store: "lkt").read(undeclared).first?.outcome, case .leadCreated(let lead) = event.payload else {
            Issue.record("a lead from the undeclared document")
            return
        }
        #expect(lead.contact?.firstName == "Zoë")
    }

    @Test("documents that are not ADF leads say what they are")
    func notADF() {
        #expect(throws: XMLReadError(problem: "the document's root is <lead>; an ADF lead is <adf> with one or more <prospect> inside")) {
            try Self.reader().read(Data("<lead><name>x</name></lead>".utf8))
        }
        #expect(throws: XMLReadError(problem: "the <adf> document holds no <prospect>")) {
            try Self.reader().read(Data("<?xml version=\"1.0\"?>\n<adf/>".utf8))
        }
    }
}

@Suite("Lenient date-times: the shapes lead providers write")
struct LenientDateTimeTests {
    static let chicago = StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!).calendar

    @Test(
        "read to the right instant",
        arguments: [
            ("2026-03-02T09:15:00-06:00", "2026-03-02T15:15:00Z", LenientDateTime.Precision.exact),
            ("2026-03-02T09:15:00-0600", "2026-03-02T15:15:00Z", .exact), ("2026-03-02 09:15 -06", "2026-03-02T15:15:00Z", .exact),
            ("2026-03-02T15:15:00.250Z", "2026-03-02T15:15:00.250Z", .exact), ("2026-03-02 15:15:00 UTC", "2026-03-02T15:15:00Z", .exact),
            ("2026-03-02T09:15:00", "2026-03-02T15:15:00Z", .storeClock), ("2026/03/02 09:15", "2026-03-02T15:15:00Z", .storeClock),
            ("03/02/2026 9:15 AM", "2026-03-02T15:15:00Z", .storeClock), ("03/02/2026 12:05 AM", "2026-03-02T06:05:00Z", .storeClock),
            ("03/02/2026 12:05 PM", "2026-03-02T18:05:00Z", .storeClock), ("3-2-2026 21:15", "2026-03-03T03:15:00Z", .storeClock),
            // After the spring change Chicago is on CDT (-05:00).
            ("2026-03-09T09:15:00", "2026-03-09T14:15:00Z", .storeClock), ("20260302T091500", "2026-03-02T15:15:00Z", .storeClock),
            ("2026-03-02", "2026-03-02T06:00:00Z", .dateOnly), ("20260302", "2026-03-02T06:00:00Z", .dateOnly),
        ])
    func reads(text: String, instant: String, precision: LenientDateTime.Precision) throws {
        let reading = try #require(LenientDateTime.read(text, calendar: Self.chicago))
        #expect(reading.instant == (try Timestamp(rfc3339: instant)))
        #expect(reading.precision == precision)
    }

    @Test("not dates", arguments: ["", "yesterday", "2026-13-02", "2026-02-30T09:00", "02/03/26 09:00", "2026-03-02T25:00", "13:15 PM 03/02/2026", "03/02/2026 13:15 PM"])
    func refuses(text: String) {
        #expect(LenientDateTime.read(text, calendar: Self.chicago) == nil)
    }
}
