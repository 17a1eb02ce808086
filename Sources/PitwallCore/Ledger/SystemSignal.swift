/// One report of a system component's health.
public struct SystemSignal: Hashable, Sendable, Codable {
    public var eventID: EventID
    public var at: Timestamp
    public var status: SystemStatus

    public init(eventID: EventID, at: Timestamp, status: SystemStatus) {
        self.eventID = eventID
        self.at = at
        self.status = status
    }
}

/// A time a component was not fully up: from a `down` or `degraded` report to the next `up`.
public struct Outage: Hashable, Sendable {
    public var component: String
    /// The store affected; nil for every store.
    public var storeID: StoreID?
    public var health: SystemStatus.Health
    public var started: Timestamp
    /// Nil while it lasts.
    public var ended: Timestamp?

    public func overlaps(_ from: Timestamp, _ to: Timestamp) -> Bool {
        started < to && (ended.map { $0 > from } ?? true)
    }

    public func affects(_ store: StoreID) -> Bool {
        storeID == nil || storeID == store
    }

    /// Outages from signals in any order: per component and store, a run of non-`up`
    /// reports is one outage (the worst health wins), closed by the next `up`.
    public static func windows(from signals: [SystemSignal]) -> [Outage] {
        let ordered = signals.sorted { ($0.at, $0.eventID) < ($1.at, $1.eventID) }
        var open: [String: Outage] = [:]
        var closed: [Outage] = []
        for signal in ordered {
            let key = signal.status.component + "|" + (signal.status.storeID?.rawValue ?? "")
            switch signal.status.health {
            case .up:
                if var outage = open.removeValue(forKey: key) {
                    outage.ended = signal.at
                    closed.append(outage)
                }
            case .degraded, .down:
                if var outage = open[key] {
                    if signal.status.health == .down { outage.health = .down }
                    open[key] = outage
                } else {
                    open[key] = Outage(
                        component: signal.status.component, storeID: signal.status.storeID, health: signal.status.health, started: signal.at,
                        ended: nil)
                }
            }
        }
        return (closed + open.values).sorted { ($0.started, $0.component) < ($1.started, $1.component) }
    }

    /// The times each component was down, from signals in any order: a run of `down` reports,
    /// ended by the next `up` or `degraded` one. Uptime counts these: a component that was
    /// slow for ten hours and down for ten minutes was down for ten minutes.
    public static func downtimes(from signals: [SystemSignal]) -> [Outage] {
        let ordered = signals.sorted { ($0.at, $0.eventID) < ($1.at, $1.eventID) }
        var open: [String: Outage] = [:]
        var closed: [Outage] = []
        for signal in ordered {
            let key = signal.status.component + "|" + (signal.status.storeID?.rawValue ?? "")
            if signal.status.health == .down {
                if open[key] == nil {
                    open[key] = Outage(component: signal.status.component, storeID: signal.status.storeID, health: .down, started: signal.at, ended: nil)
                }
            } else if var outage = open.removeValue(forKey: key) {
                outage.ended = signal.at
                closed.append(outage)
            }
        }
        return (closed + open.values).sorted { ($0.started, $0.component) < ($1.started, $1.component) }
    }
}
