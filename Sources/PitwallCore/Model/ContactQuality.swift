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
            leads += 1
            let phone = contact?.phone.map(ContactCheck.phone)
            let email = contact?.email.map(ContactCheck.email)
            if phone == nil || phone?.kind == .empty { phoneMissing += 1 } else if let kind = phone?.kind {
                phoneInvalid += 1
                problems[kind, default: 0] += 1
            }
            if email == nil || email?.kind == .empty { emailMissing += 1 } else if let kind = email?.kind {
                emailInvalid += 1
                problems[kind, default: 0] += 1
            }
            if phone?.isValid != true && email?.isValid != true { unreachable += 1 }
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

extension LeadQueryStore {
    /// The contact quality of the leads created on the local days `from ... to` of their own store.
    public func contactQuality(createdOn from: CivilDate, through to: CivilDate, store: StoreID?, configuration: PitwallConfiguration) async throws
        -> ContactQuality
    {
        var quality = ContactQuality()
        try await walkLeadContacts(createdOn: from, through: to, store: store, configuration: configuration) { cards in
            for card in cards { quality.add(card) }
        }
        return quality
    }
}
