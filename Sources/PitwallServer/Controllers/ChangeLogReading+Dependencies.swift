import PitwallCore

extension ChangeLogReading {
    /// The log as the server reads it: its stores, its configuration, its maturity of outcomes now.
    init(_ days: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        let now = dependencies.clock.now()
        let maturity = try await dependencies.maturityBasis(store: store, now: now)
        let configuration = dependencies.configuration
        try await self.init(
            days, store: store, log: dependencies.changes, rollups: dependencies.rollups, configuration: configuration, maturity: maturity,
            storeToday: { configuration.today(store: $0, at: now) })
    }
}
