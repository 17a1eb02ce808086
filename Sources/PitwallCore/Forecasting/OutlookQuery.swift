/// What an outlook is asked for, as the API, the page and the command line receive it.
public struct OutlookQuery: Sendable, Equatable {
    /// The last complete day the forecast stands on.
    public var asOf: CivilDate
    public var kind: OutlookPeriod
    public var store: StoreID?

    public init(asOf: CivilDate, kind: OutlookPeriod = .month, store: StoreID? = nil) {
        self.asOf = asOf
        self.kind = kind
        self.store = store
    }

    /// `today`: the store's local date now (the group's: the first store's). Without `as_of`
    /// the outlook stands on yesterday; a day not over yet is refused, since its half-counted
    /// figures would read as a collapse.
    public static func parse(asOf: String?, period: String?, store: String?, today: CivilDate) throws(ParameterError) -> OutlookQuery {
        let latest = today.adding(days: -1)
        var date = latest
        if let asOf, !asOf.isEmpty {
            guard let parsed = CivilDate(iso: asOf) else { throw ParameterError(name: "as_of", reason: "'\(asOf)' is not a date as YYYY-MM-DD") }
            guard parsed <= latest else {
                throw ParameterError(name: "as_of", reason: "\(parsed) is not over yet: the latest complete day is \(latest)")
            }
            date = parsed
        }
        var kind = OutlookPeriod.month
        if let period, !period.isEmpty {
            guard let parsed = OutlookPeriod(rawValue: period) else {
                throw ParameterError(name: "period", reason: "'\(period)' is not one of \(OutlookPeriod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = parsed
        }
        return OutlookQuery(asOf: date, kind: kind, store: store.flatMap { $0.isEmpty ? nil : StoreID($0) })
    }
}
