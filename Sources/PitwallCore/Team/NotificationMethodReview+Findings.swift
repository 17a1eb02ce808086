extension NotificationMethodReview {
    /// What the A/B test of notification methods found, in words for the BDC manager who runs
    /// it: which way gets leads picked up quicker, store by store, or why nothing can be said.
    public func findings(storeName: (StoreID) -> String, showsStore: Bool) -> [String] {
        guard !methods.isEmpty else {
            return ["No hand-off of these leads says how its agent was told (notified_via of lead.assigned): no ways of telling agents to compare."]
        }
        let called = clearPairs.map { pair in
            let quicker = methods[pair.quicker!], slower = methods[pair.quicker == pair.first ? pair.second : pair.first]
            let median = quicker.medianSeconds.map { "; median \(KPIFormatting.duration(seconds: $0))" } ?? ""
            return (showsStore ? "At \(storeName(pair.store)), a" : "A")
                + "gents told by \(quicker.method) picked up \(KPIFormatting.value(quicker.pickup.value, unit: .ratio)) of their hand-offs within the SLA"
                + " (\(TeamReview.counts(quicker.pickup.numerator, quicker.handOffs))\(median)) against \(KPIFormatting.value(slower.pickup.value, unit: .ratio))"
                + " told by \(slower.method) (\(TeamReview.counts(slower.pickup.numerator, slower.handOffs))): \(quicker.method) is clearly quicker."
        }
        guard called.isEmpty else { return called }
        if storesComparing.isEmpty {
            return [showsStore ? "Each store tells its agents one way only: no two ways to set side by side." : "The store tells its agents one way only: no two ways to set side by side."]
        }
        guard pairs.contains(where: { $0.chance != nil }) else {
            return ["Too few hand-offs to tell the ways apart: each side needs \(Int(TeamReview.smallestTested)) picked up or missed."]
        }
        return ["No way of telling agents gets leads picked up within the SLA more often than another of the store's by more than chance."]
    }

    /// What a way of a store that tells its agents no other way was set against.
    public static let noOtherWay = "the store told its agents no other way"

    /// "against email: 40% (20 of 50), clearly slower": each way `line` was set against.
    public func against(_ line: Int) -> [String] {
        pairs(of: line).map { pair in
            let other = methods[pair.first == line ? pair.second : pair.first]
            let verdict =
                pair.quicker == nil ? (pair.chance == nil ? ", too few to tell" : ", within chance") : pair.quicker == line ? ", clearly quicker" : ", clearly slower"
            return "against \(other.method): \(KPIFormatting.value(other.pickup.value, unit: .ratio)) (\(TeamReview.counts(other.pickup.numerator, other.handOffs)))\(verdict)"
        }
    }

    /// The ways as `GET /v1/team` gives them under `notification_methods`: each way's pick-up
    /// share, its counts and median, and `call` ("better": clearly quicker than another of
    /// the store's ways and slower than none); and under `notification_pairs` each pair of
    /// one store's ways, how often chance alone would part them, and the `quicker`, past chance.
    public func write(to writer: inout JSONWriter, storeName: (StoreID) -> String) {
        writer.key("notification_methods")
        writer.beginArray()
        for line in methods {
            writer.beginObject()
            writer.member("store", line.store)
            writer.member("store_name", storeName(line.store))
            writer.member("notified_via", line.method)
            writer.member("value", line.pickup.value)
            writer.member("numerator", line.pickup.numerator)
            writer.member("denominator", line.pickup.denominator)
            writer.member("pickup_median_seconds", line.medianSeconds)
            writer.key("call")
            if let call = line.call { writer.string(call.rawValue) } else { writer.null() }
            writer.endObject()
        }
        writer.endArray()
        writer.key("notification_pairs")
        writer.beginArray()
        for pair in pairs {
            writer.beginObject()
            writer.member("store", pair.store)
            writer.member("first", methods[pair.first].method)
            writer.member("second", methods[pair.second].method)
            writer.member("chance", pair.chance)
            writer.key("quicker")
            if let quicker = pair.quicker { writer.string(methods[quicker].method) } else { writer.null() }
            writer.endObject()
        }
        writer.endArray()
    }
}
