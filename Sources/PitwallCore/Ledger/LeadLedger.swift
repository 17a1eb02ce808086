/// The per-lead state of a set of leads, and the rules that fold new events into it.
///
/// A store loads the records a batch touches (see `LedgerKeys`), applies the batch's new
/// events here, and writes back what changed. The rules are order-independent: each event
/// is applied once (the store drops duplicates first), and every field is a minimum, a
/// maximum, a count of distinct things, or "earliest/latest event wins", so any arrival
/// order of the same events gives the same ledger.
public struct LeadLedger: Sendable {
    public private(set) var leads: [LeadID: LeadState]
    public private(set) var messages: [MessageKey: MessageRecord]
    public private(set) var appointments: [AppointmentID: AppointmentRecord]
    public private(set) var sales: [SaleID: SaleRecord]
    public private(set) var complaints: [EventID: ComplaintRecord]
    public private(set) var signals: [EventID: SystemSignal] = [:]
    public private(set) var samples: [EventID: SystemSample] = [:]

    public private(set) var changedLeads: Set<LeadID> = []
    public private(set) var changedMessages: Set<MessageKey> = []
    public private(set) var changedAppointments: Set<AppointmentID> = []
    public private(set) var changedSales: Set<SaleID> = []
    public private(set) var changedComplaints: Set<EventID> = []
    public private(set) var changedSignals: Set<EventID> = []
    public private(set) var changedSamples: Set<EventID> = []

    public init(
        leads: [LeadState] = [], messages: [MessageRecord] = [], appointments: [AppointmentRecord] = [], sales: [SaleRecord] = [],
        complaints: [ComplaintRecord] = []
    ) {
        self.leads = Dictionary(leads.map { ($0.leadID, $0) }, uniquingKeysWith: { first, _ in first })
        self.messages = Dictionary(messages.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.appointments = Dictionary(appointments.map { ($0.appointmentID, $0) }, uniquingKeysWith: { first, _ in first })
        self.sales = Dictionary(sales.map { ($0.saleID, $0) }, uniquingKeysWith: { first, _ in first })
        self.complaints = Dictionary(complaints.map { ($0.eventID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// How far ahead of its arrival an event may be dated before it counts as future-dated.
    public static let futureToleranceMilliseconds: Int64 = 5 * 60_000

    /// Folds one new event in. `ingestedAt` is when the store accepted it.
    public mutating func apply(_ event: Event, ingestedAt: Timestamp) {
        // System health is kept as signals, not as a lead.
        if case .systemStatus(let status) = event.payload {
            signals[event.id] = SystemSignal(eventID: event.id, at: event.occurredAt, status: status)
            changedSignals.insert(event.id)
            return
        }
        if case .systemSample(let reading) = event.payload {
            samples[event.id] = SystemSample(eventID: event.id, at: event.occurredAt, reading: reading)
            changedSamples.insert(event.id)
            return
        }
        let leadID = event.leadID
        var lead = leads[leadID] ?? LeadState(leadID: leadID)
        let key = event.orderKey
        lead.lastEventAt = max(lead.lastEventAt, event.occurredAt)
        if event.occurredAt.millisecondsSinceEpoch > ingestedAt.millisecondsSinceEpoch + Self.futureToleranceMilliseconds {
            lead.futureDatedEvents += 1
        }

        switch event.payload {
        case .leadCreated(let created):
            if lead.profileKey.map({ key < $0 }) ?? true {
                lead.profile = created
                lead.createdAt = event.occurredAt
                lead.ingestedAt = ingestedAt
                lead.profileKey = key
            }

        case .leadAssigned(let agent, let notifiedVia):
            if lead.assignmentKey.map({ $0 < key }) ?? true {
                lead.agentID = agent
                lead.notifiedVia = notifiedVia
                lead.assignedAt = event.occurredAt
                lead.assignmentKey = key
            }

        case .messageSent(let sent):
            let messageKey = MessageKey(sent.messageID, .outbound)
            var record = messages[messageKey] ?? MessageRecord(key: messageKey, leadID: leadID)
            if record.at == nil { lead.outboundCount += 1 }
            if record.definingKey.map({ key < $0 }) ?? true {
                record.leadID = leadID
                record.at = event.occurredAt
                record.definingKey = key
                record.channel = sent.channel
                record.sender = sent.sender
                record.agentID = sent.agentID
                record.templateID = sent.templateID
                record.campaignID = sent.campaignID
                record.experimentID = sent.experimentID
                record.variantID = sent.variantID
                record.autoReply = sent.autoReply
            }
            store(record)
            lead.firstOutboundAt = min(lead.firstOutboundAt, event.occurredAt)
            if sent.sender == .ai { lead.firstAIMessageAt = min(lead.firstAIMessageAt, event.occurredAt) }
            if !sent.autoReply {
                let touch = FirstTouch(at: event.occurredAt, messageID: sent.messageID, sender: sent.sender, channel: sent.channel, agentID: sent.agentID)
                if lead.firstResponse.map({ touch.precedes($0) }) ?? true { lead.firstResponse = touch }
                switch sent.sender {
                case .ai: lead.firstAIResponseAt = min(lead.firstAIResponseAt, event.occurredAt)
                case .agent: lead.firstAgentResponseAt = min(lead.firstAgentResponseAt, event.occurredAt)
                }
            }

        case .messageStatus(let change):
            let messageKey = MessageKey(change.messageID, .outbound)
            var record = messages[messageKey] ?? MessageRecord(key: messageKey, leadID: leadID)
            let statusKey = StatusOrderKey(occurredAt: event.occurredAt, rank: change.status.lifecycleRank, eventID: event.id)
            if record.statusKey.map({ $0 < statusKey }) ?? true {
                record.status = change.status
                record.statusAt = event.occurredAt
                record.statusKey = statusKey
                record.errorCode = change.errorCode
            }
            store(record)

        case .messageReceived(let received):
            let messageKey = MessageKey(received.messageID, .inbound)
            var record = messages[messageKey] ?? MessageRecord(key: messageKey, leadID: leadID)
            if record.at == nil { lead.inboundCount += 1 }
            let consent = received.body.flatMap(ConsentClassifier.read)
            let isOptOut = consent?.intent == .optOut
            if record.definingKey.map({ key < $0 }) ?? true {
                record.leadID = leadID
                record.at = event.occurredAt
                record.definingKey = key
                record.channel = received.channel
                record.body = received.body
                record.isOptOut = isOptOut
            }
            store(record)
            lead.firstInboundAt = min(lead.firstInboundAt, event.occurredAt)
            if isOptOut { lead.noteOptOut(at: event.occurredAt) }
            if consent?.intent == .optIn { lead.lastOptInAt = max(lead.lastOptInAt, event.occurredAt) }

        case .leadOptedOut:
            lead.noteOptOut(at: event.occurredAt)

        case .leadComplained(let complaint):
            lead.complaintCount += 1
            complaints[event.id] = ComplaintRecord(eventID: event.id, leadID: leadID, at: event.occurredAt, messageID: complaint.messageID)
            changedComplaints.insert(event.id)

        case .appointmentSet(let set):
            var record = appointments[set.appointmentID] ?? AppointmentRecord(appointmentID: set.appointmentID, leadID: leadID)
            if record.setAt == nil { lead.appointmentsSet += 1 }
            if record.setKey.map({ key < $0 }) ?? true {
                record.setAt = event.occurredAt
                record.setKey = key
            }
            if record.scheduleKey.map({ $0 < key }) ?? true {
                record.scheduledFor = set.scheduledFor
                record.scheduleKey = key
            }
            record.leadID = leadID
            applyOutcome(.scheduled, of: event, to: &record)
            store(record)

        case .appointmentAttended(let id):
            updateAppointment(id, outcome: .attended, event: event)
        case .appointmentNoShow(let id):
            updateAppointment(id, outcome: .noShow, event: event)
        case .appointmentCancelled(let id):
            updateAppointment(id, outcome: .cancelled, event: event)

        case .saleClosed(let sale):
            lead.firstSaleAt = min(lead.firstSaleAt, event.occurredAt)
            if let existing = sales[sale.saleID] {
                if key < existing.definingKey {
                    lead.revenue += sale.amount - existing.amount
                    store(SaleRecord(saleID: sale.saleID, leadID: leadID, closedAt: event.occurredAt, amount: sale.amount, vehicle: sale.vehicle, definingKey: key))
                }
            } else {
                lead.salesCount += 1
                lead.revenue += sale.amount
                store(SaleRecord(saleID: sale.saleID, leadID: leadID, closedAt: event.occurredAt, amount: sale.amount, vehicle: sale.vehicle, definingKey: key))
            }

        case .surveyAnswered(let answer):
            if let score = answer.satisfaction, lead.satisfactionKey.map({ $0 < key }) ?? true {
                lead.satisfaction = score
                lead.satisfactionKey = key
            }
            if let score = answer.recommend, lead.recommendKey.map({ $0 < key }) ?? true {
                lead.recommend = score
                lead.recommendKey = key
            }

        case .systemStatus, .systemSample:
            // Handled above; never reaches a lead.
            return
        }

        leads[leadID] = lead
        changedLeads.insert(leadID)
    }

    private mutating func updateAppointment(_ id: AppointmentID, outcome: AppointmentOutcome, event: Event) {
        var record = appointments[id] ?? AppointmentRecord(appointmentID: id, leadID: event.leadID)
        applyOutcome(outcome, of: event, to: &record)
        store(record)
    }

    private func applyOutcome(_ outcome: AppointmentOutcome, of event: Event, to record: inout AppointmentRecord) {
        let key = event.orderKey
        guard record.outcomeKey.map({ $0 < key }) ?? true else { return }
        record.outcome = outcome
        record.outcomeAt = event.occurredAt
        record.outcomeKey = key
    }

    private mutating func store(_ record: MessageRecord) {
        messages[record.key] = record
        changedMessages.insert(record.key)
    }

    private mutating func store(_ record: AppointmentRecord) {
        appointments[record.appointmentID] = record
        changedAppointments.insert(record.appointmentID)
    }

    private mutating func store(_ record: SaleRecord) {
        sales[record.saleID] = record
        changedSales.insert(record.saleID)
    }
}

/// Which stored records a batch of events will touch, so a store loads exactly those.
public struct LedgerKeys: Sendable {
    public var leads: Set<LeadID> = []
    public var messages: Set<MessageKey> = []
    public var appointments: Set<AppointmentID> = []
    public var sales: Set<SaleID> = []

    public init(events: some Sequence<Event>) {
        for event in events where !event.type.isSystemEvent {
            leads.insert(event.leadID)
            switch event.payload {
            case .messageSent(let sent): messages.insert(MessageKey(sent.messageID, .outbound))
            case .messageStatus(let change): messages.insert(MessageKey(change.messageID, .outbound))
            case .messageReceived(let received): messages.insert(MessageKey(received.messageID, .inbound))
            case .appointmentSet(let set): appointments.insert(set.appointmentID)
            case .appointmentAttended(let id), .appointmentNoShow(let id), .appointmentCancelled(let id): appointments.insert(id)
            case .saleClosed(let sale): sales.insert(sale.saleID)
            case .leadCreated, .leadAssigned, .leadOptedOut, .leadComplained, .surveyAnswered, .systemStatus, .systemSample: break
            }
        }
    }
}

/// `min` and `max` where nil means "nothing yet".
func min<Value: Comparable>(_ current: Value?, _ candidate: Value) -> Value {
    current.map { Swift.min($0, candidate) } ?? candidate
}

func max<Value: Comparable>(_ current: Value?, _ candidate: Value) -> Value {
    current.map { Swift.max($0, candidate) } ?? candidate
}

extension LeadLedger {
    /// The ledger's records gathered per lead, sorted as stores return them.
    public func recordsByLead() -> [LeadID: LeadRecords] {
        var grouped: [LeadID: LeadRecords] = [:]
        grouped.reserveCapacity(leads.count)
        for (id, state) in leads { grouped[id] = LeadRecords(state: state) }
        for message in messages.values { grouped[message.leadID]?.messages.append(message) }
        for appointment in appointments.values { grouped[appointment.leadID]?.appointments.append(appointment) }
        for sale in sales.values { grouped[sale.leadID]?.sales.append(sale) }
        for complaint in complaints.values { grouped[complaint.leadID]?.complaints.append(complaint) }
        for id in grouped.keys {
            grouped[id]!.messages.sort { ($0.at, $0.key.messageID) < ($1.at, $1.key.messageID) }
            grouped[id]!.appointments.sort { ($0.setAt, $0.appointmentID) < ($1.setAt, $1.appointmentID) }
            grouped[id]!.sales.sort { ($0.closedAt, $0.saleID) < ($1.closedAt, $1.saleID) }
            grouped[id]!.complaints.sort { ($0.at, $0.eventID) < ($1.at, $1.eventID) }
        }
        return grouped
    }

    /// Every lead whose records changed, including the former lead of a record that moved.
    public var leadsTouched: Set<LeadID> {
        var touched = changedLeads
        for key in changedMessages { if let record = messages[key] { touched.insert(record.leadID) } }
        for id in changedAppointments { if let record = appointments[id] { touched.insert(record.leadID) } }
        for id in changedSales { if let record = sales[id] { touched.insert(record.leadID) } }
        for id in changedComplaints { if let record = complaints[id] { touched.insert(record.leadID) } }
        return touched
    }
}

/// Orders optional timestamps with "unknown" first, then by a tiebreaker.
func < <Tiebreak: Comparable>(lhs: (Timestamp?, Tiebreak), rhs: (Timestamp?, Tiebreak)) -> Bool {
    switch (lhs.0, rhs.0) {
    case (nil, nil): lhs.1 < rhs.1
    case (nil, _): true
    case (_, nil): false
    case (let left?, let right?): (left, lhs.1) < (right, rhs.1)
    }
}
