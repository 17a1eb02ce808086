import Foundation
import ArgumentParser
import PitwallCore

/// The window options the reading commands share: `--window` or `--from` and `--to`, `--store`.
struct WindowOptions: ParsableArguments {
    @Option(name: .customLong("window"), help: "A window by name, instead of --from and --to: today, yesterday, 7d, 30d, 90d, mtd (month to date) or last_month.")
    var preset: String?

    @Option(help: "First local day, YYYY-MM-DD (default: 29 days before --to).")
    var from: String?

    @Option(help: "Last local day, YYYY-MM-DD (default: today: the store's, or the first store's over every store).")
    var to: String?

    @Option(help: "Only this store.")
    var store: String?

    var storeID: StoreID? { store.map { StoreID($0) } }

    /// The window, "today" being the store's (or the first store's) in `configuration`.
    func query(
        _ configuration: PitwallConfiguration, now: Timestamp, groupBy: String? = nil, compare: String? = nil, segments: [SegmentDimension: String] = [:]
    ) throws -> KPIQuery {
        try KPIQuery.parseOptions(
            window: preset, from: from, to: to, store: store, groupBy: groupBy, compare: compare, segments: segments,
            today: configuration.today(store: storeID, at: now))
    }
}

extension KPIQuery {
    /// The window of a command's `--window` or `--from` and `--to`, `--store` (and `--group-by`, `--compare`),
    /// a problem said under the option's own name ("--group-by", not "group_by").
    static func parseOptions(
        window: String? = nil, from: String?, to: String?, store: String?, groupBy: String? = nil, compare: String? = nil,
        segments: [SegmentDimension: String] = [:], today: CivilDate
    ) throws -> KPIQuery {
        do {
            return try KPIQuery.parse(window: window, from: from, to: to, store: store, groupBy: groupBy, compare: compare, segments: segments, today: today)
        } catch {
            throw ValidationError("--\(error.parameter.replacingOccurrences(of: "_", with: "-")): \(error.problem)")
        }
    }
}

extension MaturityBasis {
    /// How far a window's outcomes are in, as a command measures it: the delays counted now,
    /// over `store` or every store (the server keeps them a day; a command runs once).
    static func measured(in store: any PitwallStore, for scope: StoreID?, configuration: PitwallConfiguration, now: Timestamp) async throws -> MaturityBasis {
        let today = StoreProfile.unconfigured("utc").calendar.localDate(of: now)
        return MaturityBasis(
            delays: try await store.outcomeDelays(today: today, store: scope), now: now, resolver: LocalDayResolver(configuration: configuration))
    }
}
