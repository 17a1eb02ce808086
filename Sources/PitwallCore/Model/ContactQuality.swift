/// How reachable the leads of each source are: missing and unusable phones and e-mails,
/// by kind, so a bad lead vendor or a broken web form shows up as a number.
public struct ContactQuality: Hashable, Sendable {
    public struct Tally: Hashable, Sendable {
        public var leads = 0
        public var phoneMissing = 0
        public var phoneInvalid = 0
        public var emailMissing = 0
        public var emailInvalid = 0
        /// Neither a phone that can take texts nor a usable e-mail.
        public var unreachable = 0
        public var problems: [ContactProblemKind: Int] = [:]

        public init() {}

        /// Unreachable leads as a fraction of the leads; nil without leads.
        public var unreachableShare: Double? { leads > 0 ? Double(unreachable) / Double(leads) : nil }

        mutating func add(_ contact: Contact?) {
            add(ContactVerdict(contact))
        }

        mutating func add(_ verdict: ContactVerdict) {
            leads += 1
            if verdict.phoneMissing { phoneMissing += 1 }
            if verdict.emailMissing { emailMissing += 1 }
            if verdict.unreachable { unreachable += 1 }
            if let kind = verdict.phoneProblem {
                phoneInvalid += 1
                problems[kind, default: 0] += 1
            }
            if let kind = verdict.emailProblem {
                emailInvalid += 1
                problems[kind, default: 0] += 1
            }
        }

        /// The tally kept in KPI rollups (cohort leads by their created day), added up.
        public init(_ totals: KPITotals) {
            func count(_ counter: RollupCounter) -> Int { Int(totals[counter]) }
            leads = count(.leads)
            phoneMissing = count(.phoneMissing)
            phoneInvalid = count(.phoneInvalid)
            emailMissing = count(.emailMissing)
            emailInvalid = count(.emailInvalid)
            unreachable = count(.unreachable)
            for kind in ContactProblemKind.allCases {
                if let counter = RollupCounter(problem: kind), totals[counter] != 0 { problems[kind] = Int(totals[counter]) }
            }
        }

        mutating func absorb(_ other: Tally) {
            leads += other.leads
            phoneMissing += other.phoneMissing
            phoneInvalid += other.phoneInvalid
            emailMissing += other.emailMissing
            emailInvalid += other.emailInvalid
            unreachable += other.unreachable
            problems.merge(other.problems, uniquingKeysWith: +)
        }
    }

    public var bySource: [String: Tally] = [:]

    public init() {}

    /// From KPI rollup rows of the `source` dimension: a window's leads checked when they
    /// arrived, read as a few rows per store, day and source instead of lead by lead.
    public init(sourceRows rows: [RollupRow]) {
        var totals: [String: KPITotals] = [:]
        for row in rows { totals[row.cell.value, default: KPITotals()].add(row) }
        for (source, sum) in totals where sum[.leads] > 0 { bySource[source] = Tally(sum) }
    }

    public mutating func add(_ card: LeadContactCard) {
        bySource[card.source, default: Tally()].add(card.contact)
    }

    public var total: Tally {
        bySource.values.reduce(into: Tally()) { $0.absorb($1) }
    }

    /// The sources whose leads can least often be reached first; ties by name.
    public var sourcesWorstFirst: [(source: String, tally: Tally)] {
        bySource.map { (source: $0.key, tally: $0.value) }.sorted { lhs, rhs in
            let (left, right) = (lhs.tally.unreachableShare ?? 0, rhs.tally.unreachableShare ?? 0)
            return left != right ? left > right : lhs.source < rhs.source
        }
    }
}

/// What one lead's contact details allow, checked once for the tallies and the rollups.
public struct ContactVerdict: Hashable, Sendable {
    public var phoneMissing = false
    public var emailMissing = false
    /// What is wrong with a phone given, or nil when it is usable or missing.
    public var phoneProblem: ContactProblemKind?
    public var emailProblem: ContactProblemKind?
    /// Neither a phone that can take texts nor a usable e-mail.
    public var unreachable = false

    public init(_ contact: Contact?) {
        let phone = contact?.phone.map(ContactCheck.phone)
        let email = contact?.email.map(ContactCheck.email)
        if phone == nil || phone?.kind == .empty { phoneMissing = true } else { phoneProblem = phone?.kind }
        if email == nil || email?.kind == .empty { emailMissing = true } else { emailProblem = email?.kind }
        unreachable = phone?.isValid != true && email?.isValid != true
    }
}

extension RollupMetrics {
    /// Counts one cohort lead's contact details.
    mutating func count(_ verdict: ContactVerdict) {
        if verdict.phoneMissing { self[.phoneMissing] += 1 }
        if verdict.emailMissing { self[.emailMissing] += 1 }
        if verdict.unreachable { self[.unreachable] += 1 }
        if let kind = verdict.phoneProblem {
            self[.phoneInvalid] += 1
            if let counter = RollupCounter(problem: kind) { self[counter] += 1 }
        }
        if let kind = verdict.emailProblem {
            self[.emailInvalid] += 1
            if let counter = RollupCounter(problem: kind) { self[counter] += 1 }
        }
    }
}

extension RollupCounter {
    /// The counter of leads with this problem; nil for `empty`, which counts as missing.
    init?(problem: ContactProblemKind) {
        switch problem {
        case .empty: return nil
        case .wrongLength: self = .problemWrongLength
        case .notAssignable: self = .problemNotAssignable
        case .fiction: self = .problemFiction
        case .hasExtension: self = .problemHasExtension
        case .badCharacters: self = .problemBadCharacters
        case .badAddress: self = .problemBadAddress
        case .badDomain: self = .problemBadDomain
        }
    }
}

extension KPIRollupStore {
    /// The contact quality of the leads created on the local days `from ... to` of their own
    /// store, by source: read from the rollups, a few rows per store, day and source.
    public func contactQuality(createdOn from: CivilDate, through to: CivilDate, store: StoreID?) async throws -> ContactQuality {
        ContactQuality(sourceRows: try await rollupRows(dimension: .source, days: from.daysSinceEpoch...to.daysSinceEpoch, store: store))
    }
}

extension LeadQueryStore {
    /// The same, counted lead by lead from their stored states: the slow, plain way that
    /// checks the rollups.
    public func contactQualityLeadByLead(createdOn from: CivilDate, through to: CivilDate, store: StoreID?, configuration: PitwallConfiguration)
        async throws -> ContactQuality
    {
        var quality = ContactQuality()
        try await walkLeadStates(createdOn: from, through: to, store: store, configuration: configuration) { leads in
            for lead in leads { if let card = LeadContactCard(state: lead.state) { quality.add(card) } }
        }
        return quality
    }
}
