import Foundation

/// Turns an instant into the local date of a store, as days since 1970-01-01, using the
/// store's configured time zone (UTC for a store the configuration does not know).
public struct LocalDayResolver: Sendable {
    private let zones: [StoreID: TimeZone]
    private static let utc = TimeZone(secondsFromGMT: 0)!

    public init(configuration: PitwallConfiguration) {
        zones = Dictionary(configuration.stores.map { ($0.id, $0.timeZone) }, uniquingKeysWith: { first, _ in first })
    }

    public func zone(of store: StoreID) -> TimeZone {
        zones[store] ?? Self.utc
    }

    public func day(of store: StoreID, at instant: Timestamp) -> Int64 {
        let offset = Int64(zone(of: store).secondsFromGMT(for: instant.date)) * 1000
        return (instant.millisecondsSinceEpoch + offset).floorDivided(by: Timestamp.millisecondsPerDay)
    }

    /// The zone name recorded beside a store's rollups, to notice when the configuration moves it.
    public func zoneName(of store: StoreID) -> String {
        zones[store]?.identifier ?? "UTC"
    }
}
