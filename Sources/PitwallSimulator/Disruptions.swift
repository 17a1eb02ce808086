import PitwallCore

/// Things that go wrong across the group: AI assistant outages that hold first messages
/// back, and carrier incidents that make many texts fail.
struct Disruptions: Sendable {
    var aiOutages: [Range<Timestamp>]
    var carrierIncidents: [Range<Timestamp>]
    /// A store whose provider's status callbacks stop reaching Pitwall from an instant on.
    var receiptsLost: (store: StoreID, from: Timestamp)?
    /// An agent who writes to no lead from an instant on.
    var agentAway: (agent: AgentID, from: Timestamp)?
    /// An agent slow to answer until they were coached at an instant.
    var coached: (agent: AgentID, at: Timestamp)?
    let start: Timestamp
    let end: Timestamp
    let seed: UInt64

    init(start: Timestamp, end: Timestamp, seed: UInt64, outageAtEndMinutes: Double? = nil) {
        self.start = start
        self.end = end
        self.seed = seed
        var random = SeededRandom(seed: seed, stream: 2)
        let days = start.seconds(until: end) / 86_400
        func windows(every meanDays: Double, medianMinutes: Double, limitMinutes: ClosedRange<Double>) -> [Range<Timestamp>] {
            (0..<random.poisson(mean: days / meanDays)).map { _ in
                let from = start.adding(seconds: random.unit() * start.seconds(until: end))
                let minutes = min(max(random.logNormal(median: medianMinutes, sigma: 0.8), limitMinutes.lowerBound), limitMinutes.upperBound)
                return from..<from.adding(seconds: minutes * 60)
            }
            .sorted { $0.lowerBound < $1.lowerBound }
        }
        aiOutages = windows(every: 15, medianMinutes: 50, limitMinutes: 15...360)
        carrierIncidents = windows(every: 20, medianMinutes: 90, limitMinutes: 30...240)
        if let minutes = outageAtEndMinutes {
            // Still going at the end: its recovery lies after the simulated period.
            aiOutages.append(end.adding(seconds: -minutes * 60)..<end.adding(seconds: 6 * 3600))
        }
    }

    /// When the AI assistant can send a message planned for `instant`: then, or when the outage ends.
    func aiAvailable(at instant: Timestamp) -> Timestamp? {
        aiOutages.first { $0.contains(instant) }?.upperBound
    }

    /// Whether a message `store` sends at `instant` gets no status back at all.
    func receiptLost(at store: StoreID, sentAt instant: Timestamp) -> Bool {
        receiptsLost.map { $0.store == store && instant >= $0.from } ?? false
    }

    /// Whether `agent` is away at `instant`, so sends nothing.
    func isAway(_ agent: AgentID?, at instant: Timestamp) -> Bool {
        agentAway.map { $0.agent == agent && instant >= $0.from } ?? false
    }

    /// How many times their usual time `agent` takes to answer at `instant`: four before they
    /// were coached, one otherwise.
    func answerSlowness(_ agent: AgentID, at instant: Timestamp) -> Double {
        coached.map { $0.agent == agent && instant < $0.at ? 4 : 1 } ?? 1
    }

    func carrierTroubled(at instant: Timestamp) -> Bool {
        carrierIncidents.contains { $0.contains(instant) }
    }

    /// The health reports the monitoring would have sent about these disruptions.
    var statusEvents: [Event] {
        var events: [Event] = []
        func report(_ windows: [Range<Timestamp>], component: String, health: SystemStatus.Health, detail: String) {
            for (number, window) in windows.enumerated() {
                events.append(
                    Event(
                        id: EventID("sys-\(component)-\(number + 1)-\(health.rawValue)"), occurredAt: window.lowerBound,
                        leadID: SystemStatus.ledgerKey(component: component),
                        payload: .systemStatus(SystemStatus(component: component, health: health, detail: detail))))
                events.append(
                    Event(
                        id: EventID("sys-\(component)-\(number + 1)-up"), occurredAt: window.upperBound,
                        leadID: SystemStatus.ledgerKey(component: component),
                        payload: .systemStatus(SystemStatus(component: component, health: .up))))
            }
        }
        report(aiOutages, component: "ai_assistant", health: .down, detail: "AI assistant not sending")
        report(carrierIncidents, component: "sms_gateway", health: .degraded, detail: "carrier delivery failures")
        return events + readingEvents
    }

    /// Half-hourly readings the platform reports about itself: the CRM API's response time
    /// (several times slower while the AI assistant is down) and the database's query time.
    var readingEvents: [Event] {
        var random = SeededRandom(seed: seed, stream: 5)
        var events: [Event] = []
        var instant = start
        var number = 0
        while instant < end {
            number += 1
            let slow = aiOutages.contains { $0.contains(instant) } ? 8.0 : 1.0
            let readings = [
                ("crm_api", SystemMetric.apiResponseTime, min(random.logNormal(median: 0.25, sigma: 0.4) * slow, 60)),
                ("database", SystemMetric.databaseQueryTime, min(random.logNormal(median: 0.03, sigma: 0.5), 10)),
            ]
            for (component, metric, value) in readings {
                events.append(
                    Event(
                        id: EventID("sys-\(component)-reading-\(number)"), occurredAt: instant, leadID: SystemReading.ledgerKey(component: component),
                        payload: .systemSample(SystemReading(component: component, metric: metric.rawValue, value: (value * 1000).rounded() / 1000))))
            }
            instant = instant.adding(seconds: 1800)
        }
        return events
    }
}
