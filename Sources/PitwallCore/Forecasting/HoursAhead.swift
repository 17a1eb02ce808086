/// Which local hours are still to come at an instant, each store on its own clock. An outlook
/// stands on yesterday, so its week ahead starts with today: read in the evening, its advice
/// should not send agents to an hour that is already over.
public struct HoursAhead: Sendable {
    private let local: [StoreID: (date: CivilDate, minute: Int)]

    public init(now: Timestamp, stores: [StoreProfile]) {
        local = Dictionary(stores.map { ($0.id, $0.calendar.localTime(of: now)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether some hour of `hours` on `date` at `store` has not ended yet; true at a store
    /// whose clock is not known.
    public func isAhead(store: StoreID, date: CivilDate, hours: Range<Int>) -> Bool {
        guard let now = local[store] else { return true }
        guard date == now.date else { return date > now.date }
        return hours.upperBound * 60 > now.minute
    }
}
