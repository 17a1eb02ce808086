/// Reading leads by time and by person, for the speed-to-lead views.
public protocol LeadQueryStore: Sendable {
    /// Leads whose `lead.created` is at or after `since` (CRM receipt), of one store or all,
    /// with all their records. With `withoutResponseOnly`, only those no message has answered
    /// yet by the standard rule (AI or agent, not an auto-reply), which a live queue needs.
    func leads(createdSince since: Timestamp, store: StoreID?, withoutResponseOnly: Bool) async throws -> [LeadRecords]

    /// The earliest other lead at `store` created in `[since, before)` whose normalised phone or
    /// e-mail matches (see `ContactKey`).
    func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID?
}
