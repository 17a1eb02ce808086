import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// A simulated group of 3 stores whose period ends at `endHour` (UTC) on its last day, stored
/// in memory, and one round of the SOP default rule `ruleID` at that end: how the demo's
/// scenarios are checked at night, in the morning and in the afternoon.
struct SimulatedAlertRound {
    let simulator: DealershipSimulator
    let store: MemoryStore
    let round: AlertMonitor.Round

    var settings: SimulationSettings { simulator.settings }

    init(ruleID: String, days: Int, endHour: Int, scenario: (inout SimulationSettings) -> Void) async throws {
        var settings = SimulationSettings(days: days, seed: 11, storeCount: 3)
        settings.start = settings.start.adding(seconds: Double(endHour) * 3600)
        scenario(&settings)
        simulator = DealershipSimulator(settings: settings)
        store = MemoryStore(configuration: simulator.configuration)
        _ = try await simulator.store(into: store, now: settings.end)
        let rules = AlertRule.sopDefaults.filter { $0.id == ruleID }
        precondition(rules.count == 1, "no SOP default rule \(ruleID)")
        let monitor = AlertMonitor(rollups: store, events: store, configuration: simulator.configuration, rules: rules, leads: store)
        round = try await monitor.evaluate(current: [:], now: settings.end)
    }
}
