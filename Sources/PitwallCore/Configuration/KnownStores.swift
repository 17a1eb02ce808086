/// Which stores a `store` filter may name: those the configuration lists (its stores, and the
/// stores its roster's agents work at) and those with leads. A mistyped id is said plainly,
/// with the stores there are, rather than answered with an empty report.
public struct KnownStores: Sendable {
    public let listed: Set<StoreID>
    public let withLeads: [StoreID]

    public init(listed: Set<StoreID>, withLeads: [StoreID]) {
        self.listed = listed
        self.withLeads = withLeads
    }

    /// "no store 'lkx'; known stores: hph, lkt"; nil when `named` is one of them.
    public func problem(naming named: StoreID) -> String? {
        guard !listed.contains(named), !withLeads.contains(named) else { return nil }
        let known = Set((withLeads + listed).map(\.rawValue)).sorted()
        return "no store '\(named)'; known stores: " + (known.isEmpty ? "none yet" : known.joined(separator: ", "))
    }
}

extension PitwallConfiguration {
    /// The stores it lists: its own, and those its roster's agents work at.
    public var listedStores: Set<StoreID> { Set(stores.map(\.id) + roster.agents.map(\.storeID)) }
}
