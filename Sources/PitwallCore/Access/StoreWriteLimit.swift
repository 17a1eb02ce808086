/// What a token limited to some stores may write: events of its stores' leads, and nothing
/// that reaches another store's figures or alerts. A lead belongs to the store its stored
/// `lead.created` names; a lead Pitwall has not seen yet, to the store its `lead.created` in
/// the same batch names; a lead known nowhere yet is let through, since events may arrive
/// before their lead (they count for no store until it comes).
public enum StoreWriteLimit {
    /// For each event, whether a token limited to `stores` may write it. `storedLeadStores`
    /// holds the store of every lead of the batch that is already stored with its creation.
    public static func permitted(_ events: [Event], stores: Set<StoreID>, storedLeadStores: [LeadID: StoreID]) -> [Bool] {
        var leadStores = storedLeadStores
        for event in events {
            if case .leadCreated(let created) = event.payload, leadStores[event.leadID] == nil {
                leadStores[event.leadID] = created.storeID
            }
        }
        return events.map { event in
            switch event.payload {
            case .systemStatus(let status): status.storeID.map(stores.contains) ?? false
            case .systemSample(let reading): reading.storeID.map(stores.contains) ?? false
            case .leadCreated(let created):
                stores.contains(created.storeID) && storedLeadStores[event.leadID].map(stores.contains) ?? true
            default: leadStores[event.leadID].map(stores.contains) ?? true
            }
        }
    }

    /// The leads whose stores `permitted` needs: every lead event's lead.
    public static func leads(of events: [Event]) -> Set<LeadID> {
        Set(events.compactMap { event in
            switch event.payload {
            case .systemStatus, .systemSample: nil
            default: event.leadID
            }
        })
    }

    /// Why the caller may not silence the alerts of `store` (nil: of every store), or nil
    /// when it may: a token limited to some stores mutes only theirs.
    public static func silenceRefusal(for store: StoreID?) -> String? {
        guard let stores = TenantScope.stores else { return nil }
        if let store, stores.contains(store) { return nil }
        let names = stores.map(\.rawValue).sorted().joined(separator: ", ")
        return store.map { "'\($0)' is not one of this token's stores (\(names))" }
            ?? "a token limited to stores (\(names)) must name one of them: it cannot silence every store"
    }

    /// Why an event was refused, naming the field and the token's stores.
    public static func refusal(of event: Event, stores: Set<StoreID>) -> String {
        let names = stores.map(\.rawValue).sorted().joined(separator: ", ")
        switch event.payload {
        case .leadCreated(let created) where !stores.contains(created.storeID):
            return "store_id: '\(created.storeID)' is not one of this token's stores (\(names))"
        case .systemStatus(let status):
            return status.storeID.map { "store_id: '\($0)' is not one of this token's stores (\(names))" }
                ?? "store_id: a token limited to stores (\(names)) must name one of them on system events"
        case .systemSample(let reading):
            return reading.storeID.map { "store_id: '\($0)' is not one of this token's stores (\(names))" }
                ?? "store_id: a token limited to stores (\(names)) must name one of them on system events"
        default:
            return "lead_id: '\(event.leadID)' is not a lead of this token's stores (\(names))"
        }
    }
}
