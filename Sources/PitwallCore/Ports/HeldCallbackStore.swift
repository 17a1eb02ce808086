/// A provider's callback that matched no lead when it came (a delivery report before its
/// `message.sent`, a text from a number no lead has yet), kept and tried again as events
/// arrive, so an out-of-order callback is not lost.
public struct HeldCallback: Hashable, Sendable, Codable {
    public var update: ProviderMessageUpdate
    /// The stores the callback's credentials or signature belong to (inbound texts are
    /// matched by phone within them).
    public var stores: [StoreID]
    public var receivedAt: Timestamp

    public init(update: ProviderMessageUpdate, stores: [StoreID], receivedAt: Timestamp) {
        self.update = update
        self.stores = stores
        self.receivedAt = receivedAt
    }

    /// The event id it will become: a provider's retry of the same callback is held once.
    public var key: String { update.eventID.rawValue }
}

public protocol HeldCallbackStore: Sendable {
    /// Keeps a callback; one already held under the same key is left as it is.
    func hold(_ callback: HeldCallback) async throws

    /// Up to `limit` held callbacks, oldest first.
    func heldCallbacks(limit: Int) async throws -> [HeldCallback]

    /// Forgets callbacks, once stored as events or given up on.
    func release(_ keys: [String]) async throws
}
