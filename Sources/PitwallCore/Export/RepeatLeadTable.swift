/// The repeat leads as rows: one per lead, with the earlier lead it repeats. For a claim to a
/// lead vendor (many credit a lead the dealership already had) or a clean-up in the CRM. New
/// columns are only ever added at the end.
public enum RepeatLeadTable {
    public static let columns = [
        "lead_id", "store_id", "source", "cost", "created_at", "earlier_lead_id", "earlier_source", "earlier_created_at", "hours_after",
    ]

    public static func row(_ lead: RepeatLead) -> [TableCell] {
        let hours = Double(lead.createdAt.millisecondsSinceEpoch - lead.earlierCreatedAt.millisecondsSinceEpoch) / 3_600_000
        return [
            .text(lead.leadID.rawValue), .text(lead.storeID.rawValue), .text(lead.source), lead.cost.map { .number($0.amount) } ?? .empty,
            .text(lead.createdAt.rfc3339), .text(lead.earlierLeadID.rawValue), .text(lead.earlierSource), .text(lead.earlierCreatedAt.rfc3339),
            .number((hours * 10).rounded() / 10),
        ]
    }
}
