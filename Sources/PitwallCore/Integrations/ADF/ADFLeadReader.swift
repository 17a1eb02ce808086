import Foundation

/// Turns an ADF 1.0 document (the automotive lead format) into `lead.created` events, one per
/// `<prospect>`, reading what real lead providers send rather than only what the DTD allows.
/// Each prospect stands on its own: one that cannot be a lead is refused with the reason, its
/// neighbours are still read.
public struct ADFLeadReader: Sendable {
    public enum Outcome: Hashable, Sendable {
        case lead(Event, warnings: [String])
        case refused(String)
    }

    /// One prospect's outcome; `number` counts prospects from 1 in document order.
    public struct ProspectOutcome: Hashable, Sendable {
        public var number: Int
        public var outcome: Outcome
    }

    public var stores: [StoreProfile]
    /// The store named by the caller (`?store=`), which wins over the document's vendor.
    public var storeOverride: StoreID?
    /// When the document arrived: kept on every lead, and its time when the document has none.
    public var receivedAt: Timestamp
    /// A hex digest of a text (SHA-256 in the server): names a lead that carries no id of
    /// its own, so a resent document is the same lead, not a new one.
    public var digest: @Sendable (String) -> String

    public init(stores: [StoreProfile], storeOverride: StoreID?, receivedAt: Timestamp, digest: @escaping @Sendable (String) -> String) {
        self.stores = stores
        self.storeOverride = storeOverride
        self.receivedAt = receivedAt
        self.digest = digest
    }

    public func read(_ data: Data) throws(XMLReadError) -> [ProspectOutcome] {
        let root = try XMLElementTree.read(data)
        let prospects: [XMLElementNode]
        switch root.name.lowercased() {
        case "adf": prospects = root.children("prospect")
        case "prospect": prospects = [root]
        default: throw XMLReadError(problem: "the document's root is <\(root.name)>; an ADF lead is <adf> with one or more <prospect> inside")
        }
        guard !prospects.isEmpty else { throw XMLReadError(problem: "the <adf> document holds no <prospect>") }
        return prospects.enumerated().map { offset, prospect in
            ProspectOutcome(number: offset + 1, outcome: lead(from: prospect))
        }
    }

    func lead(from prospect: XMLElementNode) -> Outcome {
        var warnings: [String] = []
        guard let store = store(for: prospect) else {
            let vendor = prospect.child("vendor").flatMap { $0.text(of: "vendorname") ?? $0.text(of: "id") }
            let named = vendor.map { "the vendor '\($0)' matches no configured store" } ?? "the prospect names no <vendor>"
            return .refused("store: \(named); pass ?store=STORE_ID (or --store) to say which rooftop the lead is for")
        }
        let contactElement = prospect.child("customer")?.child("contact")
        let (contact, contactWarnings) = Self.contact(from: contactElement)
        guard contact.phone != nil || contact.email != nil else {
            return .refused("contact: no way to reach the customer: <customer><contact> has no <phone> and no <email>")
        }
        warnings += contactWarnings

        let calendar = (stores.first { $0.id == store } ?? .unconfigured(store)).calendar
        var occurredAt = receivedAt
        var readAs = "arrival"
        let requestDate = prospect.text(of: "requestdate")
        if let requestDate, let reading = LenientDateTime.read(requestDate, calendar: calendar) {
            if reading.instant > receivedAt.adding(milliseconds: Timestamp.millisecondsPerDay) {
                warnings.append("requestdate: '\(requestDate)' is more than a day after the document arrived; the arrival time is used")
            } else if !EventDateRange.contains(reading.instant) {
                warnings.append("requestdate: '\(requestDate)' is before 2000, a placeholder rather than a date; the arrival time is used")
            } else {
                occurredAt = reading.instant
                readAs = reading.precision.rawValue
            }
        } else if let requestDate {
            warnings.append("requestdate: '\(requestDate)' is not a date Pitwall can read; the arrival time is used")
        } else {
            warnings.append("requestdate: missing; the arrival time is used")
        }

        let prospectJSON = prospect.json
        var canonical = JSONWriter()
        canonical.value(.object(["store": .string(store.rawValue), "prospect": prospectJSON]))
        let fingerprint = digest(canonical.text)
        let leadID: LeadID
        if let own = prospect.children("id").first(where: { !$0.text.isEmpty }) {
            let source = own.attribute("source").map { $0 + ":" } ?? ""
            leadID = LeadID(String(("adf:" + source + own.text).prefix(128)))
        } else {
            leadID = LeadID("adf:" + fingerprint.prefix(24))
        }

        var adf: [String: JSONValue] = ["prospect": prospectJSON, "requestdate_read_as": .string(readAs)]
        if let requestDate { adf["requestdate"] = .string(requestDate) }
        let created = LeadCreated(
            storeID: store, source: Self.source(of: prospect), vehicle: Self.vehicleOfInterest(in: prospect), contact: contact)
        let event = Event(
            id: EventID("adf:" + fingerprint.prefix(32)), occurredAt: occurredAt, leadID: leadID, payload: .leadCreated(created),
            extras: ["received_at": .string(receivedAt.rfc3339), "adf": .object(adf)])
        return .lead(event, warnings: warnings)
    }

    /// The caller's store, else the configured store the vendor names (by id or name), else
    /// the only store when just one is configured.
    func store(for prospect: XMLElementNode) -> StoreID? {
        if let storeOverride { return storeOverride }
        let vendor = prospect.child("vendor")
        let names = [vendor?.text(of: "id"), vendor?.text(of: "vendorname")].compactMap { $0?.lowercased() }
        if let match = stores.first(where: { names.contains($0.id.rawValue.lowercased()) || names.contains($0.name.lowercased()) }) {
            return match.id
        }
        return stores.count == 1 ? stores[0].id : nil
    }

    /// The provider's name as a source key (`CarGurus` -> `cargurus`), else the prospect id's source.
    static func source(of prospect: XMLElementNode) -> String {
        let provider = prospect.child("provider")
        let name = provider?.child("name")?.text ?? provider?.child("id")?.attribute("source") ?? provider?.text(of: "id")
            ?? prospect.child("id")?.attribute("source")
        guard let name, case let key = slug(name), !key.isEmpty else { return "adf" }
        return String(key.prefix(128))
    }

    static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                result.append(character)
            } else if !result.isEmpty, result.last != "-" {
                result.append("-")
            }
        }
        while result.last == "-" { result.removeLast() }
        return result
    }

    /// The first vehicle the customer wants (to buy, lease or drive), not a trade-in.
    static func vehicleOfInterest(in prospect: XMLElementNode) -> Vehicle? {
        let wanted = prospect.children("vehicle").first { vehicle in
            let interest = vehicle.attribute("interest")?.lowercased() ?? "buy"
            return ["buy", "lease", "test-drive", "testdrive"].contains(interest)
        }
        guard let wanted else { return nil }
        let condition: VehicleCondition? = switch wanted.attribute("status")?.lowercased() {
        case "new": .new
        case "used": .used
        case "cpo", "certified": .cpo
        default: nil
        }
        let year = wanted.text(of: "year").flatMap { Int($0) }.flatMap { (1900...2100).contains($0) ? $0 : nil }
        var extras: [String: JSONValue] = [:]
        for key in ["vin", "stock", "trim"] { if let value = wanted.text(of: key) { extras[key] = .string(String(value.prefix(128))) } }
        return Vehicle(
            condition: condition, make: wanted.text(of: "make").map { String($0.prefix(128)) }, model: wanted.text(of: "model").map { String($0.prefix(128)) },
            year: year, extras: extras)
    }

    /// Names, the best textable phone and the e-mail, checked; a bad value is kept beside its problem.
    static func contact(from element: XMLElementNode?) -> (Contact, [String]) {
        var contact = Contact()
        guard let element else { return (contact, []) }
        for name in element.children("name") where !name.text.isEmpty {
            switch name.attribute("part")?.lowercased() {
            case "first": contact.firstName = String(name.text.prefix(256))
            case "last": contact.lastName = String(name.text.prefix(256))
            case "full", nil: contact.extras["full_name"] = .string(String(name.text.prefix(256)))
            default: break
            }
        }
        if contact.firstName == nil, contact.lastName == nil, case .string(let full)? = contact.extras["full_name"] {
            let words = full.split(separator: " ")
            if words.count > 1 {
                contact.firstName = words.dropLast().joined(separator: " ")
                contact.lastName = String(words.last!)
            } else {
                contact.firstName = full
            }
        }
        let phones = element.children("phone").filter { !$0.text.isEmpty && !["fax", "pager"].contains($0.attribute("type")?.lowercased() ?? "") }
        let ranked = phones.enumerated().sorted { lhs, rhs in
            (phoneRank(lhs.element), lhs.offset) < (phoneRank(rhs.element), rhs.offset)
        }.map(\.element)
        if let chosen = ranked.first(where: { ContactCheck.phone($0.text).isValid }) ?? ranked.first {
            contact.phone = String(chosen.text.prefix(64))
            if let type = chosen.attribute("type") { contact.extras["phone_type"] = .string(type) }
        }
        contact.email = element.children("email").first(where: { !$0.text.isEmpty }).map { String($0.text.prefix(320)) }
        let (checked, problems) = contact.checkedAtTheDoor()
        return (checked, problems)
    }

    /// Mobile numbers first (they take texts), then the preferred one, then any.
    static func phoneRank(_ phone: XMLElementNode) -> Int {
        let type = phone.attribute("type")?.lowercased() ?? ""
        let mobile = ["cellphone", "cell", "mobile", "sms", "text"].contains(type)
        let preferred = phone.attribute("preferredcontact") == "1"
        return (mobile ? 0 : 2) + (preferred ? 0 : 1)
    }
}
