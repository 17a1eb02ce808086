/// One store's line of the platform's table, as the spend page and `pitwall spend` show it:
/// the price, the AI's cars of all, and "–" for a figure with nothing to divide by.
public struct MessagingReturnText: Sendable {
    public var cost, aiSales, costPerAISale, revenuePerDollar, returnOnCost: String

    public init(_ figures: MessagingReturn) {
        let price = { (amount: Double?) in amount.map(LeadSpendReport.price) ?? "–" }
        cost = LeadSpendReport.price(figures.cost)
        aiSales = "\(KPIFormatting.grouped(figures.aiSales)) of \(KPIFormatting.grouped(figures.sales))"
        costPerAISale = price(figures.costPerAISale)
        revenuePerDollar = price(figures.revenuePerDollar)
        returnOnCost = figures.returnOnCost.map(MessagingReturn.percentReturn) ?? "–"
    }
}
