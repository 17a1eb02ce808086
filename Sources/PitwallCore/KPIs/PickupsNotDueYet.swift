import Foundation

/// A hand-off whose pick-up is not due yet is no miss. A lead handed to an agent at 21:00 at a
/// store closed until 09:00 is due at 09:05 (a hot lead's 5 minutes, on business hours); until
/// then it cannot have been picked up late, yet the rollups, counted as events arrive, hold it
/// as handed off and not picked up. Read as it stands, the day's pick-up would read red every
/// morning before opening (the daily report, sent then, most of all). These leads are taken out
/// of the figure until they fall due, as those the customer settled first are.
extension LeadRecords {
    /// Handed to an agent, nobody has written since, the customer has not settled it, and the
    /// lead's SLA has not run out by `now` (a store that does not open for that long within two
    /// months never makes it due).
    public func pickupIsNotDueYet(resolver: LocalDayResolver, now: Timestamp) -> Bool {
        guard let profile = state.profile, let pickup = AgentPickup(self) else { return false }
        let handOff = HandOffAwaitingPickup(
            leadID: state.leadID, storeID: profile.storeID, tier: profile.tier, source: profile.source, handedOffAt: pickup.handedOffAt)
        let outcome = pickup.outcome(
            sla: handOff.sla(resolver), on: resolver.responseTime.clock, calendar: resolver.profile(of: profile.storeID).calendar)
        return outcome == .notPickedUp && handOff.isNotDueYet(resolver: resolver, now: now)
    }
}

/// A lead handed to an agent that no person has written to: enough to say when its pick-up
/// falls due without reading the lead.
public struct HandOffAwaitingPickup: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    /// The tier the lead came with (nil: its source's or the policy's default).
    public var tier: LeadTier?
    public var source: String
    public var handedOffAt: Timestamp

    public init(leadID: LeadID, storeID: StoreID, tier: LeadTier?, source: String, handedOffAt: Timestamp) {
        self.leadID = leadID
        self.storeID = storeID
        self.tier = tier
        self.source = source
        self.handedOffAt = handedOffAt
    }

    /// The seconds its tier has at its store.
    func sla(_ resolver: LocalDayResolver) -> Double {
        let policy = resolver.responseTime
        return policy.sla(for: tier ?? policy.tier(ofSource: source), at: storeID)
    }

    /// Whether its SLA is still running at `now`.
    public func isNotDueYet(resolver: LocalDayResolver, now: Timestamp) -> Bool {
        let due = AgentPickup.due(
            handedOffAt: handedOffAt, sla: sla(resolver), on: resolver.responseTime.clock, calendar: resolver.profile(of: storeID).calendar)
        return due.map { $0 > now } ?? true
    }
}

/// Rollup rows with the hand-offs not due yet taken out of `agent_pickup_within_sla` (see
/// above): every read of the scorecard, the pages, the reports and the alerts sees the pick-up
/// as of now. The other figures are read as stored.
public struct PickupDueRollups: KPIRollupStore {
    public let base: any KPIRollupStore
    let leads: any LeadQueryStore
    let records: any EventStore
    let configuration: @Sendable () -> PitwallConfiguration
    let clock: any WallClock

    /// How long before its hand-off a pending lead may have been created: a lead handed over
    /// (again) later than that counts as missed until it is picked up, as before this rule.
    public static let creationLookbackDays: Int64 = 7

    public init(
        base: any KPIRollupStore, leads: any LeadQueryStore, records: any EventStore, clock: any WallClock,
        configuration: @escaping @Sendable () -> PitwallConfiguration
    ) {
        self.base = base
        self.leads = leads
        self.records = records
        self.clock = clock
        self.configuration = configuration
    }

    /// A store's own rollups, leads and records, as a command reads them.
    public init(_ store: any KPIRollupStore & LeadQueryStore & EventStore, clock: any WallClock, configuration: PitwallConfiguration) {
        self.init(base: store, leads: store, records: store, clock: clock) { configuration }
    }

    public func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow] {
        let rows = try await base.rollupRows(dimension: dimension, value: value, days: days, store: store, counters: counters)
        guard counters.reads(.handedOff) else { return rows }
        let now = clock.now()
        let configuration = configuration()
        let resolver = LocalDayResolver(configuration: configuration)
        let handedOffSince = Self.earliestPendingHandOff(resolver: resolver, stores: configuration.stores.map(\.id), now: now)
        let createdSince = handedOffSince.adding(milliseconds: -Self.creationLookbackDays * Timestamp.millisecondsPerDay)
        // A window that ended before then holds no pending lead (a day's margin for time zones).
        guard days.upperBound >= createdSince.millisecondsSinceEpoch.floorDivided(by: Timestamp.millisecondsPerDay) - 1 else { return rows }
        let waiting = try await leads.handOffsAwaitingPickup(since: createdSince, handedOffSince: handedOffSince, store: store)
        // Only the hand-offs still running are read whole: to be sure of them (the customer may
        // have settled it) and for the cells they were counted in.
        let ahead = waiting.filter { $0.isNotDueYet(resolver: resolver, now: now) }
        guard !ahead.isEmpty else { return rows }
        let pending = try await records.leadRecords(ahead.map(\.leadID)).filter { $0.pickupIsNotDueYet(resolver: resolver, now: now) }
        return Self.takingOut(pending, from: rows, resolver: resolver, dimension: dimension, value: value, days: days, store: store)
    }

    /// `rows` with each of `pending`'s hand-offs taken out of the cell it was counted in.
    static func takingOut(
        _ pending: [LeadRecords], from rows: [RollupRow], resolver: LocalDayResolver, dimension: SegmentDimension, value: String?,
        days: ClosedRange<Int64>, store: StoreID?
    ) -> [RollupRow] {
        var handedOff: [RollupCell: Int64] = [:]
        for lead in pending {
            for (cell, metrics) in lead.contributions(resolver: resolver) where metrics[.handedOff] > 0 {
                guard cell.dimension == dimension, value.map({ $0 == cell.value }) ?? true, days.contains(cell.day), store.map({ $0 == cell.store }) ?? true
                else { continue }
                handedOff[cell, default: 0] += metrics[.handedOff]
            }
        }
        guard !handedOff.isEmpty else { return rows }
        var rows = rows
        for index in rows.indices {
            guard let count = handedOff[rows[index].cell] else { continue }
            rows[index].counters[RollupCounter.handedOff.rawValue] -= count
        }
        return rows
    }

    /// The earliest hand-off whose pick-up can still be pending at `now` at any of `stores` (or
    /// at a store the configuration does not list, always open): the longest SLA of each, back
    /// from now on the policy's clock.
    public static func earliestPendingHandOff(resolver: LocalDayResolver, stores: [StoreID], now: Timestamp) -> Timestamp {
        let policy = resolver.responseTime
        let longest = { (store: StoreID?) in LeadTier.allCases.map { policy.sla(for: $0, at: store) }.max() ?? 0 }
        var earliest = now.adding(milliseconds: -Int64((longest(nil) * 1000).rounded()))
        for store in stores {
            let sla = longest(store)
            let start: Timestamp
            switch policy.clock {
            case .wall: start = now.adding(milliseconds: -Int64((sla * 1000).rounded()))
            case .business:
                start = resolver.profile(of: store).calendar.instant(before: now, openSeconds: sla)
                    ?? now.adding(milliseconds: -31 * Timestamp.millisecondsPerDay)
            }
            earliest = Swift.min(earliest, start)
        }
        return earliest
    }

    public func storesWithLeads() async throws -> [StoreID] { try await base.storesWithLeads() }

    public func recountRollups(of store: StoreID) async throws -> Int { try await base.recountRollups(of: store) }
}
