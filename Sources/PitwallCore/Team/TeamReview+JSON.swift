extension TeamReview {
    /// The agents as `GET /v1/team` gives them: each compared share with the store's other
    /// agents' (`rest_*`), how often chance alone would part them (`chance`) and, past chance,
    /// `call` ("better" or "worse"); each agent's average pick-up, their leads' median first
    /// response and average sale beside.
    public func writeAgents(to writer: inout JSONWriter, agentName: (String) -> String, storeName: (StoreID) -> String) {
        writer.beginArray()
        for line in agents {
            writer.beginObject()
            writer.member("store", line.store)
            writer.member("store_name", storeName(line.store))
            writer.member("agent", line.agent)
            writer.member("name", agentName(line.agent))
            writer.member("leads", Int(line.leads))
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
                writer.endObject()
            }
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
    }
}
