import Foundation
import PitwallCore

/// The JSON a record is kept as in a `jsonb` column, and back.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// A lead's records other than its state, as one JSON document.
struct StoredLeadRecords: Codable {
    var messages: [MessageRecord]
    var appointments: [AppointmentRecord]
    var sales: [SaleRecord]
    var complaints: [ComplaintRecord]

    init(_ records: LeadRecords) {
        messages = records.messages
        appointments = records.appointments
        sales = records.sales
        complaints = records.complaints
    }

    func records(of state: LeadState) -> LeadRecords {
        LeadRecords(state: state, messages: messages, appointments: appointments, sales: sales, complaints: complaints)
    }
}
