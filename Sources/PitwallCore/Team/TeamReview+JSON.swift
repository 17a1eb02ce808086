extension TeamReview {
    /// The agents as `GET /v1/team` gives them: each compared share with the store's other
    /// agents' (`rest_*`), how often chance alone would part them (`chance`) and, past chance,
    /// `call` ("better" or "worse"); each agent's median and average pick-up, their leads' median first
    /// response and average sale beside. `compared`: the review was set beside an earlier
    /// window, so each share carries the agent's own `previous` figure, the `change`, its
    /// `change_chance` and, past chance, `progress` ("better" or "worse"); and, while a
    /// window's outcomes are still coming in, where its share is `projected` to land.
    public func writeAgents(to writer: inout JSONWriter, agentName: (String) -> String, storeName: (StoreID) -> String, compared: Bool = false) {
        writer.beginArray()
        for line in agents {
            writer.beginObject()
            writer.member("store", line.store)
            writer.member("store_name", storeName(line.store))
            writer.member("agent", line.agent)
            writer.member("name", agentName(line.agent))
            writer.member("leads", Int(line.leads))
            writer.member("pickup_median_seconds", line.results[.agentPickupWithinSLA]?.detail("median_seconds"))
            writer.member("pickup_mean_seconds", line.results[.agentPickupWithinSLA]?.detail("mean_seconds"))
            writer.member("first_response_median_seconds", line.results[.firstResponseTime]?.value)
            writer.member("average_sale_value", line.results[.averageSaleValue]?.value)
            writer.key("kpis")
            writer.beginObject()
            for comparison in line.comparisons {
                writer.key(comparison.key.rawValue)
                writer.beginObject()
                writer.member("value", comparison.result.value)
                writer.member("numerator", comparison.result.numerator)
                writer.member("denominator", comparison.result.denominator)
                writer.member("rest_value", comparison.restValue)
                writer.member("rest_numerator", comparison.restCounted)
                writer.member("rest_denominator", comparison.restOf)
                writer.member("rest_leaves_out", strings: comparison.leftOut)
                writer.member("chance", comparison.chance)
                writer.key("call")
                if let call = comparison.call { writer.string(call.rawValue) } else { writer.null() }
                if compared {
                    // Where a young window's share is heading: its change is judged on that.
                    writer.member("projected", comparison.result.maturity?.projected(comparison.result.value))
                    writer.key("previous")
                    if let before = comparison.before {
                        writer.beginObject()
                        writer.member("value", before.value)
                        writer.member("numerator", before.numerator)
                        writer.member("denominator", before.denominator)
                        writer.member("projected", before.maturity?.projected(before.value))
                        writer.endObject()
                    } else {
                        writer.null()
                    }
                    writer.member("change", comparison.result.value.flatMap { now in comparison.before?.value.map { now - $0 } })
                    writer.member("change_chance", comparison.changeChance)
                    writer.key("progress")
                    if let progress = comparison.progress { writer.string(progress.rawValue) } else { writer.null() }
                }
                writer.endObject()
            }
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
    }
}
