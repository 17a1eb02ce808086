/// What a token limited to some stores may write: events of its stores' leads, and nothing
/// that reaches another store's figures or alerts. A lead belongs to the store its stored
/// `lead.created` names; a lead Pitwall has not seen yet, to the store its `lead.created` in
/// the same batch names; a lead known nowhere yet is let through, since events may arrive
/// before their lead (they count for no store until it comes).
public enum StoreWriteLimit {
    /// What an event touches, as far as stores go.
    private enum Reach {
        /// A system event, with the store it names, if any.
        case system(StoreID?)
        /// A lead's creation, naming its store.
        case creation(StoreID)
        /// Any other event of a lead.
        case lead

        init(_ event: Event) {
            switch event.payload {
            case .systemStatus(let status): self = .system(status.storeID)
            case .systemSample(let reading): self = .system(reading.storeID)
            case .leadCreated(let created): self = .creation(created.storeID)
            default: self = .lead
            }
        }
    }

    /// For each event, whether a token limited to `stores` may write it. `storedLeadStores`
    /// holds the store of every lead of the batch that is already stored with its creation.
    public static func permitted(_ events: [Event], stores: Set<StoreID>, storedLeadStores: [LeadID: StoreID]) -> [Bool] {
        var leadStores = storedLeadStores
        for event in events {
            if case .creation(let store) = Reach(event), leadStores[event.leadID] == nil { leadStores[event.leadID] = store }
        }
        return events.map { event in
            switch Reach(event) {
            case .system(let store): store.map(stores.contains) ?? false
            case .creation(let store): stores.contains(store) && storedLeadStores[event.leadID].map(stores.contains) ?? true
            case .lead: leadStores[event.leadID].map(stores.contains) ?? true
            }
        }
    }

    /// The leads whose stores `permitted` needs: every lead event's lead.
    public static func leads(of events: [Event]) -> Set<LeadID> {
        Set(events.compactMap { event in
            if case .system = Reach(event) { return nil }
            return event.leadID
        })
    }

    /// Why the caller's token may not record something of `store` (a coaching session); nil when it may.
    public static func refusal(for store: StoreID) -> String? { silenceRefusal(for: store) }

    /// Why the caller may not silence the alerts of `store` (nil: of every store), or nil
    /// when it may: a token limited to some stores mutes only theirs.
    public static func silenceRefusal(for store: StoreID?) -> String? { refusal(for: store, unlessNamed: "it cannot silence every store") }

    /// Why the caller may not record a change of `store` (nil: of every store), or nil when it may.
    public static func changeRefusal(for store: StoreID?) -> String? { refusal(for: store, unlessNamed: "it cannot record a change of every store") }

    private static func refusal(for store: StoreID?, unlessNamed everyStore: String) -> String? {
        guard let stores = TenantScope.stores else { return nil }
        if let store, stores.contains(store) { return nil }
        return store.map { notOneOf($0, stores) } ?? "a token limited to stores (\(names(stores))) must name one of them: \(everyStore)"
    }

    /// Why an event was refused, naming the field and the token's stores (the caller's, by default).
    public static func refusal(of event: Event, stores: Set<StoreID> = TenantScope.stores ?? []) -> String {
        switch Reach(event) {
        case .creation(let store) where !stores.contains(store):
            "store_id: " + notOneOf(store, stores)
        case .system(let store):
            "store_id: " + (store.map { notOneOf($0, stores) } ?? "a token limited to stores (\(names(stores))) must name one of them on system events")
        case .creation, .lead:
            "lead_id: '\(event.leadID)' is not a lead of this token's stores (\(names(stores)))"
        }
    }

    private static func names(_ stores: Set<StoreID>) -> String {
        stores.map(\.rawValue).sorted().joined(separator: ", ")
    }

    private static func notOneOf(_ store: StoreID, _ stores: Set<StoreID>) -> String {
        "'\(store)' is not one of this token's stores (\(names(stores)))"
    }
}
