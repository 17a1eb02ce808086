extension SLAReview {
    /// `target` and `lines`: each line's counts, times, sales by wait, action and words, as
    /// `GET /v1/sla/review` answers (docs/speed-to-lead.md).
    public func write(to writer: inout JSONWriter, clock: ResponseTimePolicy.Clock, names: (StoreID) -> String) {
        writer.member("clock", clock.rawValue)
        writer.member("answered_within_sla_target", target)
        writer.member("pickup_within_sla_target", pickupTarget)
        writer.key("lines")
        writer.beginArray()
        for line in lines {
            writer.beginObject()
            writer.member("store", orNull: line.store?.rawValue)
            writer.member("place", line.place(names: names))
            writer.member("stores", strings: line.stores.map(\.rawValue))
            writer.member("tier", line.tier.rawValue)
            writer.member("sla_seconds", line.slaSeconds)
            writer.key("own_sla")
            writer.bool(line.ownSLA)
            writer.key("window")
            Self.write(line.window, to: &writer)
            writer.key("before")
            if let before = line.before { Self.write(before, to: &writer) } else { writer.null() }
            writer.key("sales_by_wait")
            if let sales = line.sales { Self.write(sales, to: &writer) } else { writer.null() }
            writer.key("pickup")
            if let pickup = line.pickup { Self.write(pickup, to: &writer) } else { writer.null() }
            writer.member("action", line.action.rawValue)
            writer.key("held_for_pickup")
            writer.bool(line.heldForPickup)
            writer.member("proposed_sla_seconds", line.proposedSeconds)
            writer.member("words", line.words(target: target, pickupTarget: pickupTarget))
            writer.endObject()
        }
        writer.endArray()
    }

    static func write(_ answering: Answering, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("leads", Int(answering.leads))
        writer.member("answered", Int(answering.answered))
        writer.member("within_sla", Int(answering.withinSLA))
        writer.member("within_sla_share", answering.withinShare)
        writer.member("median_seconds", answering.median)
        writer.member("nine_in_ten_seconds", answering.nineInTen)
        writer.member("ninety_five_percent_seconds", answering.ninetyFivePercent)
        writer.endObject()
    }

    static func write(_ pickup: Pickup, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("due", Int(pickup.due))
        writer.member("picked_up", Int(pickup.pickedUp))
        writer.member("within_sla", Int(pickup.withinSLA))
        writer.member("within_sla_share", pickup.withinShare)
        writer.member("at_target_seconds", pickup.atTarget)
        writer.endObject()
    }

    static func write(_ sales: SalesByWait, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("within_up_to_seconds", sales.withinUpTo)
        writer.member("within_leads", Int(sales.withinLeads))
        writer.member("within_sold", Int(sales.withinSold))
        writer.member("within_rate", sales.withinRate)
        writer.member("later_leads", Int(sales.laterLeads))
        writer.member("later_sold", Int(sales.laterSold))
        writer.member("later_rate", sales.laterRate)
        writer.member("same_sources_rate", sales.sameSourcesRate)
        writer.key("by_source")
        writer.bool(sales.bySource)
        writer.member("chance", sales.chance)
        writer.key("clear")
        writer.bool(sales.clear)
        writer.key("speed_sells")
        writer.bool(sales.speedPays)
        writer.endObject()
    }
}
