extension PerformanceReport {
    /// What `GET /v1/reports/{kind}` returns and a webhook channel receives: the findings in
    /// words, the counts, the campaigns, sources and stores, and the whole scorecard as
    /// `GET /v1/kpis` gives it. `linkBase`: Pitwall's address, for the report's link.
    public func json(linkBase: String?) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("kind", kind.rawValue)
        writer.member("title", "\(kind.title): \(scopeName), \(kind.periodName(period))")
        writer.key("store")
        if let store { writer.string(store.rawValue) } else { writer.null() }
        writer.member("scope_name", scopeName)
        writer.member("from", period.lowerBound.description)
        writer.member("to", period.upperBound.description)
        if let compared = comparedPeriod {
            writer.key("compared")
            writer.beginObject()
            writer.member("compare", kind.comparison.rawValue)
            writer.member("from", compared.lowerBound.description)
            writer.member("to", compared.upperBound.description)
            writer.endObject()
        }
        writer.member("summary", summary)
        writer.member("sales_in_share", salesComingIn?.shareIn)
        writer.key("volume")
        write(volume, to: &writer)
        if let before = previousVolume {
            writer.key("previous_volume")
            write(before, to: &writer)
        }
        writer.member("open_alerts", strings: openAlerts)
        writer.member("needs_attention", strings: needsAttention)
        writer.key("today")
        if let today {
            writer.beginObject()
            writer.member("date", today.date.description)
            writer.member("appointments", today.appointments)
            writer.member("follow_ups", today.followUps)
            writer.member("short_of_agents", strings: today.shortOfAgents)
            writer.key("warmest")
            writer.beginArray()
            for lead in today.warmest {
                writer.beginObject()
                writer.member("lead_id", lead.leadID.rawValue)
                writer.member("store_name", lead.storeName)
                writer.member("source", lead.source)
                writer.member("temperature", lead.temperature)
                writer.member("replies", lead.replies)
                writer.member("agent", lead.agent)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("messaging_platform")
        if let platform { platform.write(to: &writer) } else { writer.null() }
        writer.member("messaging_platform_lines", strings: platformLines)
        Self.write("team", team, over: teamDays, to: &writer)
        Self.write("changes", changes, over: changesDays, to: &writer)
        writer.member("outlook", strings: outlook)
        writer.member("outlook_page", outlookPage)
        writer.member("sla_review", strings: slaReview)
        writer.member("sla_review_page", slaReviewPage)
        writer.key("recommendations")
        writer.beginArray()
        for advice in recommendations {
            writer.beginObject()
            writer.member("text", advice.text)
            writer.member("page", advice.page)
            writer.endObject()
        }
        writer.endArray()

        let campaignDays = Self.campaignDays(kind, period: period)
        writer.key("campaign_window")
        writer.beginObject()
        writer.member("from", campaignDays.lowerBound.description)
        writer.member("to", campaignDays.upperBound.description)
        writer.endObject()
        let (ranked, tooFew) = rankedCampaigns
        writer.key("campaigns")
        writer.beginArray()
        for line in ranked {
            writer.beginObject()
            writer.member("campaign", line.value)
            writer.member("name", line.name)
            writer.member("leads", line.volume.leads)
            writer.member("contacted", line.volume.contacted)
            writer.member("replied", line.volume.replied)
            writer.member("appointments_set", line.volume.appointmentsSet)
            writer.member("reply_rate", line.replyRate)
            writer.member("appointment_rate", line.appointmentRate)
            writer.endObject()
        }
        writer.endArray()
        writer.member("campaigns_too_few_to_rank", tooFew)

        writer.key("sources")
        writer.beginArray()
        for line in spend.lines {
            writer.beginObject()
            writer.member("source", line.value)
            writer.member("name", names.source(line.value.isEmpty ? "(none)" : line.value))
            writer.member("leads", Int(line.spend.leads))
            writer.member("spend", line.spend.pricedLeads > 0 ? line.spend.spend : nil)
            writer.member("bought", Int(line.spend.bought))
            writer.member("cost_per_sale", line.spend.costPerSale)
            writer.member("revenue", line.spend.revenue)
            writer.endObject()
        }
        writer.endArray()

        if stores != nil {
            writer.key("stores")
            writer.beginArray()
            for line in storeLines {
                writer.beginObject()
                writer.member("store", line.store.rawValue)
                writer.member("name", line.name)
                writer.member("leads", line.leads)
                writer.member("off_target", strings: line.offTarget.map(\.definition.key.rawValue))
                writer.endObject()
            }
            writer.endArray()
        }
        writer.key("scorecard")
        writer.raw(scorecard.json)
        writer.member("page", pagePath)
        writer.member("link", linkBase.map { Self.joined($0, pagePath) })
        writer.endObject()
        return writer.text
    }

    private func write(_ volume: ReportVolume, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("leads", volume.leads)
        writer.member("contacted", volume.contacted)
        writer.member("replied", volume.replied)
        writer.member("appointments_set", volume.appointmentsSet)
        writer.member("sales", volume.sales)
        writer.member("revenue", volume.revenue)
        writer.endObject()
    }

    /// `base` and `path` with one slash between them.
    public static func joined(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }
}

extension PerformanceReport {
    /// A section read over its own days (`{"from", "to", "findings"}`), or null when the report has none.
    static func write(_ name: String, _ findings: [String], over days: ClosedRange<CivilDate>?, to writer: inout JSONWriter) {
        writer.key(name)
        guard let days else { return writer.null() }
        writer.beginObject()
        writer.member("from", days.lowerBound.description)
        writer.member("to", days.upperBound.description)
        writer.member("findings", strings: findings)
        writer.endObject()
    }
}
