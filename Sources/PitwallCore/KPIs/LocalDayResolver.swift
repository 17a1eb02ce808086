import Foundation

/// Turns an instant into the local date of a store, as days since 1970-01-01, using the
/// store's configured time zone (UTC for a store the configuration does not know).
public struct LocalDayResolver: Sendable {
    private let stores: [StoreID: StoreProfile]
    private let zones: [StoreID: TimeZone]
    private static let utc = TimeZone(secondsFromGMT: 0)!
    /// What counts as a response in the first-response-time KPI, and the SLAs.
    public let responseTime: ResponseTimePolicy
    /// The points of each lead's temperature.
    public let temperature: LeadTemperature.Weights

    public init(configuration: PitwallConfiguration) {
        stores = Dictionary(configuration.stores.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        zones = stores.mapValues(\.timeZone)
        responseTime = configuration.responseTime
        temperature = configuration.leadTemperature
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
    /// A store it does not list is recounted only when nothing but the counters kept differ,
    /// as after an upgrade: that recount changes no day and no rule.
    public func needsRecount(of store: StoreID, recorded: String?) -> Bool {
        guard let recorded else { return true }
        let own = basis(of: store)
        guard recorded != own else { return false }
        return stores[store] != nil || Self.withoutCounters(recorded) == Self.withoutCounters(own)
    }

    /// Why a change worked out under this configuration may not be added to a store's rollups
    /// counted under `recorded`, if it may not: the days or rules differ, and the sum would
    /// be neither count. Nil when they agree, or when nothing is recorded yet.
    public func countingConflict(of store: StoreID, recorded: String?) -> RollupBasisConflict? {
        guard let recorded, recorded != basis(of: store) else { return nil }
        return RollupBasisConflict(store: store, listed: stores[store] != nil)
    }

    private static func withoutCounters(_ basis: String) -> Substring {
        basis.range(of: "|counters=", options: .backwards).map { basis[..<$0.lowerBound] } ?? basis[...]
    }

    /// What a store's rollups were counted under (its zone, the response rule, the temperature's
    /// points, the counters kept), recorded beside them to notice when the configuration changes either, or an
    /// upgrade adds a counter that the stored cells lack.
    public func basis(of store: StoreID) -> String {
        profile(of: store).calendarVersion + "|" + responseTime.rollupFingerprint(at: store) + temperature.fingerprint
            + "|counters=\(RollupCounter.allCases.count);distributions=response,pickup;sketches=varint;dimensions=\(SegmentDimension.allCases.count)"
    }
}
