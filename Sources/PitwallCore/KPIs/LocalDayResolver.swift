import Foundation

/// Turns an instant into the local date of a store, as days since 1970-01-01, using the
/// store's configured time zone (UTC for a store the configuration does not know).
public struct LocalDayResolver: Sendable {
    private let stores: [StoreID: StoreProfile]
    private let zones: [StoreID: TimeZone]
    private static let utc = TimeZone(secondsFromGMT: 0)!
    /// What counts as a response in the first-response-time KPI, and the SLA.
    public let responseTime: ResponseTimePolicy

    public init(configuration: PitwallConfiguration) {
        stores = Dictionary(configuration.stores.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        zones = stores.mapValues(\.timeZone)
        responseTime = configuration.responseTime
    }

    public func zone(of store: StoreID) -> TimeZone {
        zones[store] ?? Self.utc
    }

    /// The configured store, or the UTC, always-open default.
    public func profile(of store: StoreID) -> StoreProfile {
        stores[store] ?? .unconfigured(store)
    }

    public func day(of store: StoreID, at instant: Timestamp) -> Int64 {
        let offset = Int64(zone(of: store).secondsFromGMT(for: instant.date)) * 1000
        return (instant.millisecondsSinceEpoch + offset).floorDivided(by: Timestamp.millisecondsPerDay)
    }

    /// When a store's local day (days since 1970-01-01) began. The zone's offset is taken at
    /// the day's noon, so a day with a clock change starts an hour off: close enough for ages.
    public func startOfDay(_ day: Int64, of store: StoreID) -> Timestamp {
        let midnight = day * Timestamp.millisecondsPerDay
        let noon = Timestamp(millisecondsSinceEpoch: midnight + Timestamp.millisecondsPerDay / 2)
        return Timestamp(millisecondsSinceEpoch: midnight - Int64(zone(of: store).secondsFromGMT(for: noon.date)) * 1000)
    }

    /// Whether a store's rollups, counted under `recorded` (nil: never noted), must be counted
    /// again under this configuration. Only a store the configuration lists is recounted: a
    /// command run without the configuration file (a token made on the side) knows no zones,
    /// and must not recount a whole group's days in UTC behind the servers' backs.
    public func needsRecount(of store: StoreID, recorded: String?) -> Bool {
        guard let recorded else { return true }
        return recorded != basis(of: store) && stores[store] != nil
    }

    /// What a store's rollups were counted under (its zone, the response rule, the counters
    /// kept), recorded beside them to notice when the configuration changes either, or an
    /// upgrade adds a counter that the stored cells lack.
    public func basis(of store: StoreID) -> String {
        profile(of: store).calendarVersion + "|" + responseTime.rollupFingerprint + "|counters=\(RollupCounter.allCases.count)"
    }
}
