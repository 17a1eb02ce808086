/// What a batch of new events could have changed, for deciding which rules to evaluate at once.
public struct EventTouch: Hashable, Sendable {
    public var types: Set<EventType> = []
    /// Metrics of `system.sample` events.
    public var metrics: Set<String> = []

    public init(events: some Sequence<Event>) {
        for event in events {
            types.insert(event.type)
            if case .systemSample(let reading) = event.payload { metrics.insert(reading.metric) }
        }
    }

    public var isEmpty: Bool { types.isEmpty }

    public mutating func formUnion(_ other: EventTouch) {
        types.formUnion(other.types)
        metrics.formUnion(other.metrics)
    }
}

extension AlertRule {
    /// Whether events like these can move what this rule measures.
    public func isTouched(by touch: EventTouch) -> Bool {
        switch subject {
        case .systemDown:
            return touch.types.contains(.systemStatus)
        case .systemReading(let metric, _):
            return touch.metrics.contains(metric)
        case .kpi(let key):
            return !touch.types.isDisjoint(with: key.movedBy)
        case .complianceViolations:
            return !touch.types.isDisjoint(with: [.messageSent, .messageReceived, .leadOptedOut])
        case .leadsStopped:
            return touch.types.contains(.leadCreated)
        case .receiptsMissing:
            return !touch.types.isDisjoint(with: [.messageSent, .messageStatus])
        case .agentsOverloaded:
            return !touch.types.isDisjoint(with: [.leadCreated, .leadAssigned, .messageSent, .leadOptedOut, .messageReceived, .saleClosed])
        case .changesWorse, .diskFilling, .backupOverdue, .restoreDrillOverdue:
            // A verdict rests on whole days before and since, a disk fills over days, and a
            // backup or a drill ages with the clock: the rounds judge them, not batches of events.
            return false
        }
    }
}

extension KPIKey {
    /// The event types that can change this KPI's figure.
    var movedBy: Set<EventType> {
        switch self {
        case .messageDeliveryRate, .messageFailureRate: [.messageSent, .messageStatus]
        case .complaintRate: [.messageSent, .leadComplained]
        case .leadToSaleConversion: [.leadCreated, .saleClosed]
        case .averageSaleValue: [.saleClosed]
        case .aiAssistedRevenueShare: [.saleClosed, .messageSent, .messageReceived]
        case .leadResponseRate, .conversationLength: [.leadCreated, .messageSent, .messageReceived]
        case .appointmentSettingRate: [.leadCreated, .messageSent, .appointmentSet]
        case .appointmentShowRate: [.appointmentSet, .appointmentAttended, .appointmentNoShow, .appointmentCancelled]
        case .firstResponseTime, .slaAttainment: [.leadCreated, .leadAssigned, .messageSent, .systemStatus]
        case .agentPickupWithinSLA: [.leadCreated, .leadAssigned, .messageSent]
        case .optOutRate: [.leadCreated, .messageSent, .messageReceived, .leadOptedOut]
        case .customerSatisfaction, .netPromoterScore: [.leadCreated, .surveyAnswered]
        case .systemUptime: [.systemStatus]
        case .apiResponseTime, .databaseQueryTime: [.systemSample]
        case .leadTemperatureScore: Set(EventType.allCases.filter { !$0.isSystemEvent })
        }
    }
}
