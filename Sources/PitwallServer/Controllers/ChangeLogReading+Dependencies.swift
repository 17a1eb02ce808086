import PitwallCore

extension ChangeLogReading {
    /// The log as the server reads it: its stores, its configuration, its maturity of outcomes now.
    init(_ days: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        let maturity = try await dependencies.maturityBasis(store: store, now: dependencies.clock.now())
        try await self.init(
            days, store: store, log: dependencies.changes, rollups: dependencies.rollups, configuration: dependencies.configuration, maturity: maturity)
    }
}
