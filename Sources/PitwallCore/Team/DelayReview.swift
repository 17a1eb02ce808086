/// The delays agents reported, a step a line: how many said so, what the step costs a lead,
/// what that comes to a week at the store's number of hand-offs, and, once a change
/// (`/changes`) is recorded against it, whether its figure moved since. The biggest open
/// delay comes first: it is the one worth fixing next.
public struct DelayReview: Hashable, Sendable {
    /// A store's agents' load over the weeks up to the review's last day.
    public struct Workload: Hashable, Sendable {
        /// Leads handed to an agent a week.
        public var leadsAWeek: Double
        /// Agents who were handed at least one lead.
        public var agents: Int

        public init(leadsAWeek: Double, agents: Int) {
            self.leadsAWeek = leadsAWeek
            self.agents = agents
        }

        /// How many weeks the load is read over.
        public static let weeks = 4
    }

    public enum Status: String, Hashable, Sendable {
        /// Nothing recorded against it yet.
        case open
        /// A recorded change names it.
        case addressed
    }

    /// One step at one store, and every report of it.
    public struct Step: Hashable, Sendable {
        public var store: StoreID
        /// The newest report's words.
        public var step: String
        /// Oldest first.
        public var reports: [ReportedDelay]
        public var workload: Workload?
        /// The newest report's change, judged as the change log judges it; nil when none names one.
        public var change: ChangeReview.Outcome?
        /// A change named but not found in the log (removed since).
        public var missingChange: String?

        /// The agents who reported it, each once.
        public var agents: [String] { Array(Set(reports.compactMap(\.agent))).sorted() }
        /// The lower median of the reports' minutes: one agent's guess does not set it alone.
        public var minutes: Double { Self.lowerMedian(reports.map(\.minutes)) }
        public var share: Double { Self.lowerMedian(reports.map(\.share)) }
        /// Agents' hours the step costs a week at the store's load; nil without a load.
        public var hoursAWeek: Double? {
            guard let workload, workload.leadsAWeek > 0 else { return nil }
            return minutes * share * workload.leadsAWeek / 60
        }
        public var status: Status { change == nil && missingChange == nil ? .open : .addressed }
        /// Reports made after the change took effect: agents still meet the delay. A report
        /// that names the change is the fix's record, not a sighting.
        public var reportsSinceChange: Int {
            guard let fix = change?.change else { return 0 }
            return reports.filter { $0.day > fix.day && $0.change != fix.id }.count
        }

        static func lowerMedian(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
        }
    }

    public var steps: [Step]

    /// `workload`: each store's load (a store absent had no hand-off to reckon by);
    /// `changes`: the change log's outcomes by change id.
    public init(reports: [ReportedDelay], workload: [StoreID: Workload], changes: [String: ChangeReview.Outcome]) {
        let grouped = Dictionary(grouping: reports) { StepKey(store: $0.store, key: $0.stepKey) }
        steps = grouped.values.map { group in
            let ordered = group.sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) < ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }
            let newest = ordered.last!
            // The newest report that names a change speaks for the step: an older fix may have been replaced.
            let named = ordered.last(where: { $0.change != nil })?.change
            return Step(
                store: newest.store, step: newest.step, reports: ordered, workload: workload[newest.store], change: named.flatMap { changes[$0] },
                missingChange: named.flatMap { changes[$0] == nil ? $0 : nil })
        }
        .sorted(by: Self.comesFirst)
    }

    private struct StepKey: Hashable {
        var store: StoreID
        var key: String
    }

    /// Open steps first, the costliest a week first (then the most reported); then those
    /// addressed, the newest change first.
    static func comesFirst(_ a: Step, _ b: Step) -> Bool {
        if a.status != b.status { return a.status == .open }
        if a.status == .addressed {
            let (dayA, dayB) = (a.change?.change.day, b.change?.change.day)
            if dayA != dayB { return (dayA?.daysSinceEpoch ?? .min) > (dayB?.daysSinceEpoch ?? .min) }
        }
        let (hoursA, hoursB) = (a.hoursAWeek ?? -1, b.hoursAWeek ?? -1)
        if hoursA != hoursB { return hoursA > hoursB }
        if a.reports.count != b.reports.count { return a.reports.count > b.reports.count }
        return (a.store.rawValue, a.step) < (b.store.rawValue, b.step)
    }

    public func count(_ status: Status) -> Int { steps.filter { $0.status == status }.count }

    /// Agents' hours a week the open steps cost, where a load says.
    public var openHoursAWeek: Double { steps.filter { $0.status == .open }.compactMap(\.hoursAWeek).reduce(0, +) }
}
