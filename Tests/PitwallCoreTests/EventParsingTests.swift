import Foundation
import Testing

@testable import PitwallCore

@Suite("Reading one event")
struct EventParsingTests {
    /// Reads as a batch does; `Event(jsonObject:)`, which CSV rows use, must agree.
    func parse(_ json: String) throws(EventFieldError) -> Event {
        guard case .object(let members) = try! JSONTextReader.read(json) else { fatalError("not an object: \(json)") }
        let object = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let viaFoundation = Result { () throws(EventFieldError) -> Event in try Event(jsonObject: object) }
        let event = Result { () throws(EventFieldError) -> Event in try Event(jsonMembers: members) }
        #expect(viaFoundation == event)
        return try event.get()
    }

    func problem(_ json: String) -> EventFieldError? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error
        }
    }

    @Test("a complete lead.created keeps every field and the unknown ones")
    func leadCreated() throws {
        let event = try parse(
            """
            {"id":"e1","type":"lead.created","occurred_at":"2026-03-02T10:00:05.123-06:00","lead_id":"L1","store_id":"lkt",
             "source":"cargurus","campaign_id":"spring","region":"midwest","tier":"hot","submitted_at":"2026-03-02T16:00:00Z",
             "cost":31.5,"vehicle":{"condition":"used","make":"Honda","model":"CR-V","year":2021,"vin":"5J6RW2H5"},
             "contact":{"first_name":"Ana","last_name":"Lopez","phone":"+13125550101","email":"ana@example.com"},
             "crm_ref":{"system":"vin","id":42}}
            """)
        #expect(event.id == "e1")
        #expect(event.occurredAt.rfc3339 == "2026-03-02T16:00:05.123Z")
        guard case .leadCreated(let lead) = event.payload else {
            Issue.record("wrong payload \(event.payload)")
            return
        }
        #expect(lead.storeID == "lkt")
        #expect(lead.tier == .hot)
        #expect(lead.cost == Money(cents: 3150))
        #expect(lead.submittedAt?.rfc3339 == "2026-03-02T16:00:00.000Z")
        #expect(lead.vehicle?.year == 2021)
        #expect(lead.vehicle?.extras == ["vin": .string("5J6RW2H5")])
        #expect(lead.contact?.phone == "+13125550101")
        #expect(event.extras == ["crm_ref": .object(["system": .string("vin"), "id": .number(42)])])
    }

    @Test("canonical JSON reads back to the same event, byte-stable")
    func canonicalRoundTrip() throws {
        let text = """
            {"type":"message.sent","id":"e2","lead_id":"L1","occurred_at":"2026-03-02T16:00:30Z","message_id":"m1",
             "channel":"sms","sender":"agent","agent_id":"maria","auto_reply":true,"note":"line1\\nline2 \\"quoted\\" \\u0001 é"}
            """
        let event = try parse(text)
        let canonical = event.canonicalJSON
        #expect(canonical.hasPrefix(#"{"id":"e2","type":"message.sent","occurred_at":"2026-03-02T16:00:30.000Z","lead_id":"L1""#))
        let again = try parse(canonical)
        #expect(again == event)
        #expect(again.canonicalJSON == canonical)
    }

    @Test(
        "a bad field is named with what is wrong",
        arguments: [
            (#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02 10:00","lead_id":"L","agent_id":"a"}"#, "occurred_at"),
            (#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00","lead_id":"L","agent_id":"a"}"#, "occurred_at"),
            (#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L"}"#, "agent_id"),
            (#"{"id":"e","type":"lead.deleted","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L"}"#, "type"),
            (#"{"type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a"}"#, "id"),
            (#"{"id":"","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a"}"#, "id"),
            (#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","agent_id":"a"}"#, "lead_id"),
            (#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a","notified_via":"  "}"#, "notified_via"),
            (#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a","notified_via":3}"#, "notified_via"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","source":"web"}"#, "store_id"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","store_id":"s"}"#, "source"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","store_id":"s","source":"w","tier":"lukewarm"}"#, "tier"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","store_id":"s","source":"w","cost":"12"}"#, "cost"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","store_id":"s","source":"w","vehicle":{"year":20.5}}"#, "vehicle.year"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","store_id":"s","source":"w","vehicle":{"condition":"salvage"}}"#, "vehicle.condition"),
            (#"{"id":"e","type":"message.sent","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","message_id":"m","channel":"fax","sender":"ai"}"#, "channel"),
            (#"{"id":"e","type":"message.sent","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","message_id":"m","channel":"sms","sender":"ai","auto_reply":1}"#, "auto_reply"),
            (#"{"id":"e","type":"message.status","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","message_id":"m","status":"read"}"#, "status"),
            (#"{"id":"e","type":"appointment.set","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","appointment_id":"a"}"#, "scheduled_for"),
            (#"{"id":"e","type":"sale.closed","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","sale_id":"s","amount":0}"#, "amount"),
            (#"{"id":"e","type":"sale.closed","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","sale_id":"s"}"#, "amount"),
            // Beyond any deal (and, at 1e20, beyond what cents can hold): refused, never a crash.
            (#"{"id":"e","type":"sale.closed","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","sale_id":"s","amount":1e20}"#, "amount"),
            (#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","store_id":"s","source":"w","cost":25000000}"#, "cost"),
            (#"{"id":7,"type":"sale.closed","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","sale_id":"s","amount":1}"#, "id"),
            (#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","satisfaction":6}"#, "satisfaction"),
            (#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","satisfaction":4,"recommend":8.5}"#, "recommend"),
            (#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","recommend":"9"}"#, "recommend"),
            (#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","comment":"great"}"#, "satisfaction"),
            (#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","satisfaction":5}"#, "lead_id"),
        ])
    func namesTheField(json: String, field: String) {
        let error = problem(json)
        #expect(error?.field == field, "\(String(describing: error))")
        #expect(error.map { !$0.problem.isEmpty } == true)
    }

    @Test("how the agent was told reads in lower case without spaces, is written back after the agent, and may be left out")
    func notifiedVia() throws {
        let told = try parse(#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","notified_via":" Push ","agent_id":"a","desk":"bdc"}"#)
        #expect(told.payload == .leadAssigned(agent: "a", notifiedVia: "push"))
        #expect(told.canonicalJSON == #"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00.000Z","lead_id":"L","agent_id":"a","notified_via":"push","desk":"bdc"}"#)
        #expect(try parse(told.canonicalJSON) == told)
        let unsaid = try parse(#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a"}"#)
        #expect(unsaid.payload == .leadAssigned(agent: "a", notifiedVia: nil))
        #expect(!unsaid.canonicalJSON.contains("notified_via"))
        #expect(
            problem(#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","agent_id":"a","notified_via":""}"#)?.description
                == "notified_via: must name how the agent was told (push, sms, slack, email ...), or be left out")
    }

    @Test("messages say what is wrong in words")
    func messages() {
        #expect(
            problem(#"{"id":"e","type":"lead.assigned","occurred_at":"2026-03-02T10:00:00","lead_id":"L","agent_id":"a"}"#)?.description
                == "occurred_at: '2026-03-02T10:00:00' has no time zone offset (add Z or an offset such as -05:00)")
        #expect(problem(#"{"id":"e","type":"lead.deleted","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L"}"#)?.description.contains("unknown event type 'lead.deleted'") == true)
        #expect(
            problem(#"{"id":"e","type":"lead.created","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","source":"web"}"#)?.description
                == "store_id: is required for lead.created")
        #expect(
            problem(#"{"id":"e","type":"sale.closed","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","sale_id":"s","amount":40000000}"#)?.description
                == "amount: must be at most 10,000,000, got 40000000")
        #expect(
            problem(#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","satisfaction":0}"#)?.description
                == "satisfaction: must be between 1 and 5, got 0")
        #expect(
            problem(#"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L"}"#)?.description
                == "satisfaction: survey.answered needs satisfaction (1-5) or recommend (0-10), or both")
    }

    @Test("a survey answer keeps its two scores and the customer's comment, and reads back the same")
    func surveyAnswer() throws {
        let event = try parse(
            #"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","comment":"Quick and friendly","recommend":0,"satisfaction":5}"#)
        #expect(event.payload == .surveyAnswered(SurveyAnswer(satisfaction: 5, recommend: 0)))
        #expect(event.extras["comment"] == .string("Quick and friendly"))
        #expect(
            event.canonicalJSON
                == #"{"id":"e","type":"survey.answered","occurred_at":"2026-03-02T10:00:00.000Z","lead_id":"L","satisfaction":5,"recommend":0,"comment":"Quick and friendly"}"#)
        #expect(try parse(event.canonicalJSON) == event)
    }

    @Test("null counts as absent for optional fields")
    func nullIsAbsent() throws {
        let event = try parse(
            #"{"id":"e","type":"message.sent","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","message_id":"m","channel":"sms","sender":"ai","template_id":null,"auto_reply":null}"#
        )
        guard case .messageSent(let sent) = event.payload else {
            Issue.record("wrong payload")
            return
        }
        #expect(sent.templateID == nil)
        #expect(sent.autoReply == false)
    }

    @Test("carrier error codes arrive as numbers or strings and are kept as text")
    func errorCodes() throws {
        for code in ["30003", "\"30003\""] {
            let event = try parse(#"{"id":"e","type":"message.status","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","message_id":"m","status":"failed","error_code":\#(code)}"#)
            #expect(event.payload == .messageStatus(MessageStatusChange(messageID: "m", status: .failed, errorCode: "30003")))
        }
    }

    @Test("a code too large to be a whole number is refused by name, not a crash")
    func hugeErrorCode() {
        let error = problem(#"{"id":"e","type":"message.status","occurred_at":"2026-03-02T10:00:00Z","lead_id":"L","message_id":"m","status":"failed","error_code":1e30}"#)
        #expect(error == EventFieldError(field: "error_code", problem: "must be a string or a whole number, got a number"))
    }
}
