import PitwallCore

extension AppDependencies {
    /// What a log kept by hand (changes, coaching, delays) is judged on as the server reads it:
    /// the configuration, the maturity of outcomes now, and each store's today.
    func logBasis(store: StoreID?) async throws -> (configuration: PitwallConfiguration, maturity: MaturityBasis, storeToday: (StoreID) -> CivilDate) {
        let now = clock.now()
        let configuration = configuration
        return (configuration, try await maturityBasis(store: store, now: now), { configuration.today(store: $0, at: now) })
    }
}

extension ChangeLogReading {
    /// The log as the server reads it: its stores, its configuration, its maturity of outcomes now.
    init(_ days: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        let basis = try await dependencies.logBasis(store: store)
        try await self.init(
            days, store: store, log: dependencies.changes, rollups: dependencies.rollups, configuration: basis.configuration, maturity: basis.maturity,
            storeToday: basis.storeToday)
    }
}
