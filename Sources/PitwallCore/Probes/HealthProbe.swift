/// One health URL Pitwall checks on a schedule (config `probes:`): the AI assistant's, the
/// SMS gateway's, the CRM feed's. Its name is the component its reports are filed under.
public struct HealthProbe: Hashable, Sendable {
    public var name: String
    public var url: String
    public var intervalSeconds: Double
    /// A check slower than this counts as down.
    public var timeoutSeconds: Double
    /// The store the system serves; nil for every store.
    public var storeID: StoreID?

    public init(name: String, url: String, intervalSeconds: Double = 30, timeoutSeconds: Double = 5, storeID: StoreID? = nil) {
        self.name = name
        self.url = url
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.storeID = storeID
    }
}

/// What one check saw.
public struct ProbeOutcome: Hashable, Sendable {
    /// The HTTP status, nil when no answer came (refused, timed out, bad address).
    public var httpStatus: Int?
    public var seconds: Double
    /// Why there was no usable answer, in words.
    public var failure: String?

    public init(httpStatus: Int?, seconds: Double, failure: String? = nil) {
        self.httpStatus = httpStatus
        self.seconds = seconds
        self.failure = failure
    }

    /// Up on any 2xx answer, as load balancers judge health endpoints.
    public var health: SystemStatus.Health {
        guard failure == nil, let httpStatus, (200..<300).contains(httpStatus) else { return .down }
        return .up
    }

    public var detail: String {
        if let failure { return failure }
        return httpStatus.map { "HTTP \($0)" } ?? "no answer"
    }
}

extension HealthProbe {
    /// The events one check becomes: its response time as a reading when it answered, and a
    /// health report when the health differs from the last one reported (`previous`), so a
    /// steady system adds one small reading per check and outages have exact edges.
    public func events(for outcome: ProbeOutcome, at: Timestamp, previous: SystemStatus.Health?) -> [Event] {
        let key = SystemStatus.ledgerKey(component: name)
        let stamp = "probe:\(name):\(at.millisecondsSinceEpoch)"
        var events: [Event] = []
        if outcome.httpStatus != nil {
            events.append(
                Event(
                    id: EventID(stamp + ":time"), occurredAt: at, leadID: key,
                    payload: .systemSample(
                        SystemReading(component: name, metric: SystemMetric.apiResponseTime.rawValue, value: outcome.seconds, storeID: storeID))))
        }
        if outcome.health != previous {
            events.append(
                Event(
                    id: EventID(stamp + ":health"), occurredAt: at, leadID: key,
                    payload: .systemStatus(SystemStatus(component: name, health: outcome.health, storeID: storeID, detail: outcome.detail))))
        }
        return events
    }
}
