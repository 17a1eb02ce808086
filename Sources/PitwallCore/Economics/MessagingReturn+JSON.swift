extension MessagingReturn {
    /// As `GET /v1/spend` and the reports' JSON give it: dollars as numbers, null where a
    /// figure has nothing to divide.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writeMembers(to: &writer)
        writer.endObject()
    }

    /// The figures as members of an object the caller opened (a store's line adds its id).
    public func writeMembers(to writer: inout JSONWriter) {
        writer.member("stores", stores)
        writer.member("fees", Money(amount: fees))
        writer.member("texts_sent", Int(textsSent))
        writer.member("texts_cost", Money(amount: textsCost))
        writer.member("new_leads", Int(leads))
        writer.member("leads_cost", Money(amount: leadsCost))
        writer.member("cost", Money(amount: cost))
        writer.member("sales", Int(sales))
        writer.member("revenue", revenue)
        writer.member("ai_sales", Int(aiSales))
        writer.member("ai_revenue", aiRevenue)
        writer.member("ai_revenue_share", aiRevenueShare)
        writer.member("cost_per_ai_sale", costPerAISale)
        writer.member("ai_revenue_per_dollar", revenuePerDollar)
        writer.member("gross_profit_per_car", costs.grossProfitPerCar)
        writer.member("ai_gross_profit", aiGrossProfit)
        writer.member("return_on_cost", returnOnCost)
        writer.member("cars_to_pay_for_itself", carsToPayForItself.map { Double($0) })
    }
}
