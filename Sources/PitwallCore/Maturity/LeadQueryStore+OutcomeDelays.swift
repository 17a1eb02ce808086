extension LeadQueryStore {
    /// How long outcomes have been taking, measured on the leads of one store (or all) that
    /// came in 30 to 90 days before `today` (UTC days: an hour either way does not matter here).
    public func outcomeDelays(today: CivilDate, store: StoreID?) async throws -> OutcomeDelays {
        OutcomeDelays(try await referenceOutcomeTimes(today: today, store: store))
    }

    /// The outcome times of the leads the delays are measured on: those that came in
    /// `OutcomeDelays.referenceDays` before `today`.
    public func referenceOutcomeTimes(today: CivilDate, store: StoreID?) async throws -> [LeadOutcomeTimes] {
        let days = OutcomeDelays.referenceDays
        func start(_ daysBefore: Int) -> Timestamp {
            Timestamp(millisecondsSinceEpoch: today.adding(days: -daysBefore).daysSinceEpoch * Timestamp.millisecondsPerDay)
        }
        return try await leadOutcomeTimes(createdFrom: start(days.upperBound), before: start(days.lowerBound), store: store)
    }
}
