import Logging
import PitwallCore

/// How long outcomes take changes slowly, and measuring it reads two months of leads: it is
/// measured once a day per organisation, token scope and store, and kept, so a scorecard
/// stays a read of rollups. Two requests for the same key share one measurement.
actor OutcomeDelaysCache {
    struct Key: Hashable {
        var organisation: OrganisationID?
        var stores: Set<StoreID>?
        var store: StoreID?
        var today: CivilDate
    }

    private var measurements: [Key: Task<OutcomeDelays, any Error>] = [:]
    /// A bound for a group with many stores and store-limited tokens; past it, start over.
    static let capacity = 512

    /// The delays for the caller's organisation and token scope (task-locals read here).
    func delays(today: CivilDate, store: StoreID?, from leads: any LeadQueryStore) async throws -> OutcomeDelays {
        let key = Key(organisation: TenantScope.organisation, stores: TenantScope.stores, store: store, today: today)
        if let measuring = measurements[key] { return try await measuring.value }
        measurements = measurements.filter { $0.key.today == today }
        if measurements.count >= Self.capacity { measurements.removeAll() }
        // An unstructured task keeps the caller's task-locals: the organisation and the token's stores.
        let measuring = Task { try await leads.outcomeDelays(today: today, store: store) }
        measurements[key] = measuring
        do {
            return try await measuring.value
        } catch {
            measurements[key] = nil
            throw error
        }
    }
}

extension AppDependencies {
    /// What a scorecard needs to say how far its lead cohorts have come, for the caller's scope.
    /// A failed measurement is logged and the scorecard goes without it: the figures
    /// themselves do not depend on it.
    func maturityBasis(store: StoreID?, now: Timestamp) async throws -> MaturityBasis {
        let today = StoreProfile.unconfigured("utc").calendar.localDate(of: now)
        var delays = OutcomeDelays([])
        do {
            delays = try await outcomeDelays.delays(today: today, store: store, from: leads)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            Logger(label: "pitwall").error(
                "measuring how long lead outcomes take failed; scorecards say nothing about young windows until it works",
                metadata: ["error": "\(String(reflecting: error))"])
        }
        return MaturityBasis(delays: delays, now: now, resolver: LocalDayResolver(configuration: configuration))
    }
}
