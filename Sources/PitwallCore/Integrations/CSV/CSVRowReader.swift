import Foundation

/// One CSV row that could not become events: where, which column, what is wrong.
public struct CSVRowProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var row: Int
    public var message: String

    public var description: String { "row \(row): \(message)" }
}

/// Turns the rows of one CSV file into events by a `CSVMapping`. Each row stands alone: a
/// bad row is refused with its line and column, the rows around it are kept. Event ids come
/// from the CRM's ids, so importing the same file again stores nothing twice.
public struct CSVRowReader {
    public let mapping: CSVMapping
    let configuration: PitwallConfiguration
    let index: [String: Int]
    let formatter: DateFormatter?

    /// `header` must already satisfy `mapping.headerProblem`.
    public init(mapping: CSVMapping, header: [String], configuration: PitwallConfiguration) {
        self.mapping = mapping
        self.configuration = configuration
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name.trimmingCharacters(in: .whitespaces)] == nil {
            index[name.trimmingCharacters(in: .whitespaces)] = position
        }
        self.index = index
        formatter = mapping.dateFormat.map { pattern in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = pattern
            formatter.isLenient = false
            return formatter
        }
    }

    public struct Converted: Hashable, Sendable {
        public var events: [Event]
        public var warnings: [String]
    }

    public func convert(_ row: [String], line: Int) -> Result<Converted, CSVRowProblem> {
        // No text Pitwall keeps can hold a NUL (PostgreSQL refuses it): the row is refused, by name.
        if let column = row.firstIndex(where: { $0.utf8.contains(0) }) {
            let name = index.first { $0.value == column }.map { "column '\($0.key)'" } ?? "column \(column + 1)"
            return .failure(CSVRowProblem(row: line, message: "\(name): holds a NUL character (byte 0), which no text can keep; remove it"))
        }
        do {
            switch mapping.kind {
            case .leads: return .success(try lead(row, line: line))
            case .messages: return .success(try message(row, line: line))
            }
        } catch {
            return .failure(error)
        }
    }

    /// Where a field came from, for messages: "column 'Phone' (phone)" or "fixed value of source".
    func origin(_ field: String) -> String {
        mapping.columns[field].map { "column '\($0)' (\(field))" } ?? "the fixed value of \(field)"
    }

    func value(_ field: String, in row: [String]) -> String? {
        var text: String?
        if let column = mapping.columns[field], let position = index[column], position < row.count {
            let cell = row[position].trimmingCharacters(in: .whitespacesAndNewlines)
            if !cell.isEmpty { text = cell }
        }
        if text == nil { text = mapping.fixed[field] }
        guard let raw = text else { return nil }
        if let words = mapping.translations[field] { return words[raw] ?? words[raw.lowercased()] ?? raw }
        return raw
    }

    func instant(_ field: String, in row: [String], store: StoreID?, line: Int) throws(CSVRowProblem) -> String? {
        guard let text = value(field, in: row) else { return nil }
        let zone = mapping.timeZone ?? store.map { configuration.store($0).timeZone } ?? (configuration.stores.count == 1 ? configuration.stores[0].timeZone : nil)
        if let formatter {
            guard let zone else { throw CSVRowProblem(row: line, message: "\(origin(field)): say the zone of these dates with timezone: in the mapping") }
            formatter.timeZone = zone
            guard let date = formatter.date(from: text) else {
                throw CSVRowProblem(row: line, message: "\(origin(field)): '\(text)' does not match the date format \(mapping.dateFormat!)")
            }
            return Timestamp(date).rfc3339
        }
        let calendar = StoreProfile(id: store ?? "csv", timeZone: zone ?? TimeZone(secondsFromGMT: 0)!).calendar
        guard let reading = LenientDateTime.read(text, calendar: calendar) else {
            throw CSVRowProblem(row: line, message: "\(origin(field)): '\(text)' is not a date Pitwall can read (write it as 2026-03-02 09:15, or give date_format: in the mapping)")
        }
        if reading.precision != .exact, zone == nil {
            throw CSVRowProblem(row: line, message: "\(origin(field)): '\(text)' has no UTC offset; say the zone with timezone: in the mapping")
        }
        return reading.instant.rfc3339
    }

    func number(_ field: String, in row: [String], line: Int) throws(CSVRowProblem) -> Double? {
        guard let text = value(field, in: row) else { return nil }
        // CRMs write money as they show it: "$1,250.00".
        let cleaned = text.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
        guard let number = Double(cleaned), number.isFinite else { throw CSVRowProblem(row: line, message: "\(origin(field)): '\(text)' is not a number") }
        return number
    }

    /// Builds the event through the same checks as `POST /v1/events`, naming the column on failure.
    func event(_ object: [String: Any], line: Int, fieldOf: (String) -> String) throws(CSVRowProblem) -> Event {
        do throws(EventFieldError) {
            let event = try Event(jsonObject: object)
            if let outside = EventDateRange.problem(in: event) { throw outside }
            return event
        } catch {
            throw CSVRowProblem(row: line, message: "\(origin(fieldOf(error.field))): \(error.problem)")
        }
    }

    func lead(_ row: [String], line: Int) throws(CSVRowProblem) -> Converted {
        let leadID = value("lead_id", in: row) ?? ""
        let store = value("store_id", in: row)
        var object: [String: Any] = ["id": "csv:lead:\(leadID)", "type": "lead.created", "lead_id": leadID]
        object["occurred_at"] = try instant("created_at", in: row, store: store.map { StoreID($0) }, line: line)
        object["submitted_at"] = try instant("submitted_at", in: row, store: store.map { StoreID($0) }, line: line)
        for field in ["store_id", "source", "campaign_id", "region"] { object[field] = value(field, in: row) }
        object["tier"] = value("tier", in: row)?.lowercased()
        object["cost"] = try number("cost", in: row, line: line)
        var vehicle: [String: Any] = [:]
        vehicle["condition"] = value("vehicle_condition", in: row)?.lowercased()
        vehicle["make"] = value("vehicle_make", in: row)
        vehicle["model"] = value("vehicle_model", in: row)
        if let year = try number("vehicle_year", in: row, line: line) { vehicle["year"] = year }
        if !vehicle.isEmpty { object["vehicle"] = vehicle }
        var contact: [String: Any] = [:]
        for field in ["first_name", "last_name", "phone", "email"] { contact[field] = value(field, in: row) }
        if !contact.isEmpty { object["contact"] = contact }
        if object["occurred_at"] == nil { throw CSVRowProblem(row: line, message: "\(origin("created_at")): empty; every lead needs its creation time") }
        var created = try event(object, line: line) { field in
            switch field {
            case "occurred_at": "created_at"
            case "id": "lead_id"
            case let nested where nested.hasPrefix("vehicle."): "vehicle_" + nested.dropFirst(8)
            case let nested where nested.hasPrefix("contact."): String(nested.dropFirst(8))
            default: field
            }
        }
        var warnings: [String] = []
        if case .leadCreated(var profile) = created.payload, let contact = profile.contact {
            let (checked, problems) = contact.checkedAtTheDoor()
            profile.contact = checked
            created.payload = .leadCreated(profile)
            warnings = problems
        }
        var events = [created]
        if let agent = value("agent_id", in: row) {
            events.append(try event(
                ["id": "csv:assigned:\(leadID):\(agent)", "type": "lead.assigned", "occurred_at": object["occurred_at"]!, "lead_id": leadID, "agent_id": agent],
                line: line, fieldOf: { $0 == "id" ? "agent_id" : $0 }))
        }
        return Converted(events: events, warnings: warnings)
    }

    func message(_ row: [String], line: Int) throws(CSVRowProblem) -> Converted {
        let leadID = value("lead_id", in: row) ?? ""
        let messageID = value("message_id", in: row) ?? ""
        let direction = value("direction", in: row)?.lowercased() ?? "outbound"
        let inbound: Bool
        switch direction {
        case "outbound", "out", "sent", "outgoing": inbound = false
        case "inbound", "in", "received", "incoming": inbound = true
        default:
            throw CSVRowProblem(row: line, message: "\(origin("direction")): '\(direction)' is neither outbound nor inbound (translate the CRM's words under translations: direction:)")
        }
        // A message row has no store: its dates are read in the mapping's zone (or the only store's).
        guard let at = try instant("at", in: row, store: nil, line: line) else {
            throw CSVRowProblem(row: line, message: "\(origin("at")): empty; every message needs its time")
        }
        var object: [String: Any] = ["type": inbound ? "message.received" : "message.sent", "lead_id": leadID, "message_id": messageID, "occurred_at": at]
        object["id"] = "csv:\(inbound ? "received" : "sent"):\(messageID)"
        object["channel"] = value("channel", in: row)?.lowercased()
        if inbound {
            object["body"] = value("body", in: row)
        } else {
            object["sender"] = value("sender", in: row)?.lowercased()
            for field in ["agent_id", "template_id", "campaign_id"] { object[field] = value(field, in: row) }
        }
        let fieldOf: (String) -> String = { field in field == "occurred_at" ? "at" : field == "id" ? "message_id" : field }
        var events = [try event(object, line: line, fieldOf: fieldOf)]
        if !inbound, let status = value("status", in: row)?.lowercased() {
            var report: [String: Any] = ["id": "csv:status:\(messageID):\(status)", "type": "message.status", "lead_id": leadID, "message_id": messageID, "occurred_at": at, "status": status]
            report["error_code"] = value("error_code", in: row)
            events.append(try event(report, line: line, fieldOf: fieldOf))
        }
        return Converted(events: events, warnings: [])
    }
}
