/// A lead from someone who had already sent one to the same store shortly before, matched on
/// the normal form of the phone or the e-mail (`ContactKey`): the SOP's "duplicate detection".
/// The same shopper again, often through another source; from a paid source, money spent on
/// a shopper the store already had.
public struct RepeatLead: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    /// Its source as the CRM sent it; empty without one.
    public var source: String
    public var cost: Money?
    public var createdAt: Timestamp
    /// The person's earliest lead at the store within the window before this one.
    public var earlierLeadID: LeadID
    public var earlierSource: String
    public var earlierCreatedAt: Timestamp

    public init(
        leadID: LeadID, storeID: StoreID, source: String, cost: Money?, createdAt: Timestamp, earlierLeadID: LeadID, earlierSource: String,
        earlierCreatedAt: Timestamp
    ) {
        self.leadID = leadID
        self.storeID = storeID
        self.source = source
        self.cost = cost
        self.createdAt = createdAt
        self.earlierLeadID = earlierLeadID
        self.earlierSource = earlierSource
        self.earlierCreatedAt = earlierCreatedAt
    }

    /// Whether `state` (created, at a store) is a repeat of `earlier` within `window`
    /// milliseconds: the same store, strictly before it and no longer than the window, the
    /// same phone or e-mail. What every backend's query answers, said once for the memory one
    /// and the tests.
    public static func matches(_ state: LeadState, earlier: LeadState, window: Int64) -> Bool {
        guard state.leadID != earlier.leadID, let profile = state.profile, let other = earlier.profile, profile.storeID == other.storeID,
              let created = state.createdAt, let before = earlier.createdAt, before < created,
              before.millisecondsSinceEpoch >= created.millisecondsSinceEpoch - window
        else { return false }
        if let phone = ContactKey.phone(profile.contact?.phone), phone == ContactKey.phone(other.contact?.phone) { return true }
        if let email = ContactKey.email(profile.contact?.email), email == ContactKey.email(other.contact?.email) { return true }
        return false
    }
}
