import HeapModule
import PitwallCore

/// What to simulate.
public struct SimulationSettings: Sendable {
    public var days: Int
    public var seed: UInt64
    public var storeCount: Int
    /// Average new leads per store per day.
    public var leadsPerDay: Double
    /// The first instant of the simulated period.
    public var start: Timestamp
    /// When set, the AI assistant goes down this many minutes before the end and is still down
    /// at the end: the demo uses it so the live queue and escalations have something to show.
    public var outageAtEndMinutes: Double?
    /// When set, this store's leads stop coming in (a broken web form) early enough before the
    /// end that its usual pace would have brought `leadsMissedAtEnd` leads since: the demo uses
    /// it so the "no leads coming in" alert fires whatever the hour it starts at.
    public var silentStoreAtEnd: Int?
    public var leadsMissedAtEnd: Double = 18
    /// When set, no delivery receipt comes back for this store's texts and e-mails sent in the
    /// last `receiptsLostMinutes` (its provider's status callbacks broke): the demo uses it so
    /// "Delivery receipts missing" shows while the store is sending.
    public var receiptsLostStoreAtEnd: Int?
    public var receiptsLostMinutes: Double = 150
    /// When set, this store's first agent has been away for the last `agentAwayHours` while the
    /// CRM's rotation, stuck on them, handed them every lead of the store: they write to none,
    /// and the demo's "Agent holding too many leads" has someone to name.
    public var agentAwayStoreAtEnd: Int?
    public var agentAwayHours: Double = 72
    /// When set, one of this store's agents (the first of usual knack) took four times their
    /// usual time to answer until they were coached `coachedDaysBeforeEnd` days before the
    /// end, and their own time since: the team page's "better than before" has someone to find.
    public var coachedStoreAtEnd: Int?
    public var coachedDaysBeforeEnd: Double = 30

    /// A fixed default start, so that the same flags give the same bytes on any day.
    public static let defaultStart = Timestamp(millisecondsSinceEpoch: CivilDate(year: 2026, month: 1, day: 5)!.daysSinceEpoch * 86_400_000)

    public init(days: Int, seed: UInt64, storeCount: Int = 4, leadsPerDay: Double = 40, start: Timestamp = defaultStart) {
        self.days = days
        self.seed = seed
        self.storeCount = storeCount
        self.leadsPerDay = leadsPerDay
        self.start = start
    }

    public var end: Timestamp { start.adding(milliseconds: Int64(days) * Timestamp.millisecondsPerDay) }
}

/// A synthetic dealership group: several stores in different time zones, each with its own
/// hours, agents and lead mix. It writes every event of the period in time order; the same
/// settings always give the same events.
public struct DealershipSimulator: Sendable {
    public let settings: SimulationSettings
    public let stores: [SimulatedStore]
    let disruptions: Disruptions

    public init(settings: SimulationSettings) {
        self.settings = settings
        let utc = StoreProfile.unconfigured("utc").calendar
        let years = utc.localDate(of: settings.start).year...utc.localDate(of: settings.end).year
        self.stores = SimulatedStore.group(count: settings.storeCount, seed: settings.seed, years: years)
        var disruptions = Disruptions(start: settings.start, end: settings.end, seed: settings.seed, outageAtEndMinutes: settings.outageAtEndMinutes)
        if let index = settings.receiptsLostStoreAtEnd, stores.indices.contains(index) {
            disruptions.receiptsLost = (stores[index].profile.id, settings.end.adding(seconds: -settings.receiptsLostMinutes * 60))
        }
        if let index = settings.agentAwayStoreAtEnd, let agent = stores.indices.contains(index) ? stores[index].agents.first : nil {
            disruptions.agentAway = (agent.id, settings.end.adding(seconds: -settings.agentAwayHours * 3600))
        }
        if let index = settings.coachedStoreAtEnd, stores.indices.contains(index),
            let agent = stores[index].agents.first(where: { $0.knack == 1 && $0.id != disruptions.agentAway?.agent })
        {
            disruptions.coached = (agent.id, settings.end.adding(seconds: -settings.coachedDaysBeforeEnd * 86_400))
        }
        self.disruptions = disruptions
    }

    /// The agent away before the end, and since when.
    public var agentAway: (agent: AgentID, from: Timestamp)? { disruptions.agentAway }

    /// The agent slow to answer until coached, and when they were.
    public var coached: (agent: AgentID, at: Timestamp)? { disruptions.coached }

    /// The store whose delivery receipts stop before the end, and from when.
    public var receiptsLost: (store: StoreID, from: Timestamp)? { disruptions.receiptsLost }

    /// The store whose leads stop before the end, and from when: walking back from the end an
    /// hour at a time until the hours passed would have brought the leads asked for (two days at most).
    public var feedStop: (store: StoreID, from: Timestamp)? {
        guard let index = settings.silentStoreAtEnd, stores.indices.contains(index) else { return nil }
        let store = stores[index]
        var from = settings.end
        var missed = 0.0
        for _ in 0..<48 where missed < settings.leadsMissedAtEnd {
            from = from.adding(milliseconds: -3_600_000)
            missed += hourlyRate(of: store, at: from)
        }
        return (store.profile.id, from)
    }

    /// The leads a store usually gets in the hour starting at `hourStart`.
    func hourlyRate(of store: SimulatedStore, at hourStart: Timestamp) -> Double {
        let local = store.calendar.localTime(of: hourStart)
        return settings.leadsPerDay * store.volume * Self.hourShare[local.minute / 60] * Self.weekdayFactor[local.date.isoWeekday - 1]
    }

    /// Stores held to targets of their own: a brand that sells for less than the group's
    /// $35,000-45,000 average sale is held to $28,000-36,000 instead, from the first simulated
    /// day on, so the demo shows a store judged by its own target beside the group's.
    public var ownTargets: [StoreID: [KPICatalog.Override]] {
        let firstDay = StoreProfile.unconfigured("utc").calendar.localDate(of: settings.start)
        var targets: [StoreID: [KPICatalog.Override]] = [:]
        for store in stores where PeopleCatalogue.brand(named: store.brand).newPrice < 36_000 {
            targets[store.profile.id] = [
                KPICatalog.Override(
                    key: .averageSaleValue, targetMin: 28_000, targetMax: 36_000, redBelow: 24_000, date: firstDay,
                    reason: "\(store.brand) sells for less than the group's trucks and SUVs.")
            ]
        }
        return targets
    }

    /// The configuration matching the simulated stores.
    public var configuration: PitwallConfiguration {
        var configuration = PitwallConfiguration(stores: stores.map(\.profile), roster: roster)
        configuration.sourceNames = sourceNames
        configuration.campaignNames = campaignNames
        configuration.templateTexts = templateTexts
        return configuration
    }

    /// Every simulated agent works their store's opening hours, handed leads to the least loaded.
    public var roster: AgentRoster {
        AgentRoster(
            rule: .leastLoaded,
            agents: stores.flatMap { store in
                store.agents.map { RosterAgent(agentID: $0.id, name: $0.name, storeID: store.profile.id, shifts: store.profile.hours) }
            })
    }

    /// The simulated sources by the names marketing knows them by.
    public var sourceNames: [String: String] { LeadSourceProfile.titles }

    /// The simulated campaigns by the names marketing gave them.
    public var campaignNames: [String: String] { LeadSourceProfile.campaignTitles }

    /// The simulated templates' words, for the template review's content analysis.
    public var templateTexts: [TemplateID: String] {
        Dictionary(uniqueKeysWithValues: (MessageTemplateProfile.firstTouch + MessageTemplateProfile.followUps).map { (TemplateID($0.id), $0.text) })
    }

    /// What the simulated group pays for its AI messaging and earns on a car: a vendor's
    /// usual fee a rooftop, a carrier's price a text, and a franchised store's gross a car
    /// (front and back end), so the demo's spend page can say what the platform returns.
    public var messagingPlatform: MessagingPlatformCosts {
        MessagingPlatformCosts(monthlyFeePerStore: 1_500, perTextSent: 0.0079, grossProfitPerCar: 3_000)
    }

    /// Hands every event of the period to `emit`, ordered by `occurred_at`. Events after the
    /// end of the period (a sale next month) are left out, as they have not happened yet.
    public func run(_ emit: (Event) throws -> Void) rethrows {
        var events = self.events()
        while let event = events.next() {
            try emit(event)
        }
    }

    /// The events of the period in time order, produced a day at a time as they are read.
    public func events() -> SimulatedEvents {
        SimulatedEvents(simulator: self)
    }

    /// Writes the leads of one UTC day and queues their events.
    func simulateDay(_ day: Int, into state: inout SimulatedEvents.State) {
        if day == 0 {
            for event in disruptions.statusEvents where event.occurredAt < settings.end {
                state.sequence += 1
                state.pending.insert(PendingEvent(event: event, sequence: state.sequence))
            }
        }
        let dayStart = settings.start.adding(milliseconds: Int64(day) * Timestamp.millisecondsPerDay)
        let stop = feedStop
        for (storeIndex, store) in stores.enumerated() {
            var random = SeededRandom(seed: settings.seed, stream: 3, UInt64(storeIndex), UInt64(day))
            for arrival in arrivals(of: store, from: dayStart, random: &random) {
                if let stop, stop.store == store.profile.id, arrival.at >= stop.from { continue }
                state.leadNumbers[storeIndex] += 1
                let number = state.leadNumbers[storeIndex]
                let leadID = LeadID("\(store.code)-\(number.zeroPadded(6))")
                var script = LeadScript(
                    store: store, leadID: leadID, createdAt: arrival.at, disruptions: disruptions,
                    random: SeededRandom(seed: settings.seed, stream: 4, UInt64(storeIndex), UInt64(number)),
                    surveyRandom: SeededRandom(seed: settings.seed, stream: 5, UInt64(storeIndex), UInt64(number)))
                let recent = state.recentContacts[storeIndex]
                let repeatContact = random.chance(0.05) && !recent.isEmpty ? random.pick(recent) : nil
                let contact = script.write(source: arrival.source, repeatContact: repeatContact)
                if repeatContact == nil {
                    state.recentContacts[storeIndex].append(contact)
                    if state.recentContacts[storeIndex].count > 60 { state.recentContacts[storeIndex].removeFirst() }
                }
                for event in script.events where event.occurredAt < settings.end {
                    state.sequence += 1
                    state.pending.insert(PendingEvent(event: event, sequence: state.sequence))
                }
            }
        }
    }

    struct Arrival {
        var at: Timestamp
        var source: LeadSourceProfile
    }

    /// The leads arriving at a store during one UTC day: more at lunchtime and in the evening,
    /// more on Saturdays and Mondays, calls and walk-ins only while the store is open.
    func arrivals(of store: SimulatedStore, from dayStart: Timestamp, random: inout SeededRandom) -> [Arrival] {
        let calendar = store.calendar
        let sources = LeadSourceProfile.catalogue
        var arrivals: [Arrival] = []
        for hour in 0..<24 {
            let hourStart = dayStart.adding(milliseconds: Int64(hour) * 3_600_000)
            let open = calendar.isOpen(at: hourStart.adding(milliseconds: 1_800_000))
            let rate = hourlyRate(of: store, at: hourStart)
            for _ in 0..<random.poisson(mean: rate) {
                let weights = sources.map { open || !$0.onlyWhenOpen ? $0.share : 0 }
                let source = sources[random.weightedIndex(weights)]
                arrivals.append(Arrival(at: hourStart.adding(milliseconds: Int64(random.unit() * 3_600_000)), source: source))
            }
        }
        return arrivals.sorted { $0.at < $1.at }
    }

    /// Share of a day's leads by local hour (sums to 1).
    static let hourShare: [Double] = {
        let weights: [Double] = [0.6, 0.4, 0.3, 0.2, 0.2, 0.3, 0.8, 1.8, 3.2, 4.6, 5.6, 6.2, 6.6, 6.4, 6.0, 5.8, 5.6, 5.8, 6.2, 6.6, 6.4, 5.0, 3.2, 1.6]
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }()

    /// Monday ... Sunday, relative to an average day.
    static let weekdayFactor: [Double] = [1.15, 1.0, 0.98, 0.97, 1.02, 1.25, 0.63]
}

struct PendingEvent: Comparable {
    var event: Event
    var sequence: UInt64

    static func < (lhs: PendingEvent, rhs: PendingEvent) -> Bool {
        (lhs.event.occurredAt, lhs.sequence) < (rhs.event.occurredAt, rhs.sequence)
    }

    static func == (lhs: PendingEvent, rhs: PendingEvent) -> Bool {
        lhs.sequence == rhs.sequence
    }
}

/// Pulls the simulation forward one day at a time: after a day's leads are written, every
/// queued event before that day's end is final, because later leads arrive later.
public struct SimulatedEvents: IteratorProtocol, Sequence {
    struct State {
        var pending = Heap<PendingEvent>()
        var sequence: UInt64 = 0
        var recentContacts: [[Contact]]
        var leadNumbers: [Int]
    }

    let simulator: DealershipSimulator
    private var state: State
    private var nextDay = 0

    init(simulator: DealershipSimulator) {
        self.simulator = simulator
        self.state = State(
            recentContacts: Array(repeating: [], count: simulator.stores.count), leadNumbers: Array(repeating: 0, count: simulator.stores.count))
    }

    public mutating func next() -> Event? {
        while true {
            let settings = simulator.settings
            let horizon = nextDay < settings.days
                ? settings.start.adding(milliseconds: Int64(nextDay) * Timestamp.millisecondsPerDay) : settings.end
            if let earliest = state.pending.min, earliest.event.occurredAt < horizon || nextDay >= settings.days {
                return state.pending.removeMin().event
            }
            guard nextDay < settings.days else { return nil }
            simulator.simulateDay(nextDay, into: &state)
            nextDay += 1
        }
    }
}
