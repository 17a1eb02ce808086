import Foundation

extension PerformanceReport {
    /// The SOP's "issues requiring attention", worst first: alerts open now, KPIs off target,
    /// KPIs clearly worse than the compared window, and stores off their own targets.
    public var needsAttention: [String] {
        var items = openAlerts.map { "Alert: \($0)" }
        let figures = self.figures
        let off = figures.compactMap { figure in figure.offTarget.map { (figure, $0) } }
        for (figure, off) in off.sorted(by: { $0.1.status > $1.1.status }) {
            var text = "\(figure.definition.name) \(figure.value) against \(figure.target) (\(off.status.rawValue)"
            if figure.result.value != off.figure { text += ", heading for \(KPIFormatting.value(off.figure, unit: figure.definition.unit))" }
            items.append(text + ").")
        }
        let offKeys = Set(off.map(\.0.definition.key))
        for figure in figures where figure.clearlyWorse && !offKeys.contains(figure.definition.key) {
            items.append(
                "\(figure.definition.name) slipped to \(figure.value) from \(figure.previousValue ?? "–") \(kind.comparedPhrase), more than chance moves it.")
        }
        for line in storeLines {
            let red = line.offTarget.filter { $0.offTarget?.status == .red }.map {
                "\($0.definition.name.lowercasedFirst) \($0.value) against \($0.target)"
            }
            if !red.isEmpty { items.append("\(line.name): \(red.joined(separator: "; ")).") }
        }
        return items
    }

    /// The campaigns with enough leads contacted to rank (`KPIJudgement.judgedSample`), best
    /// appointment-setting rate first, and how many had too few.
    public var rankedCampaigns: (ranked: [CampaignLine], tooFew: Int) {
        let lines = campaigns.groups.compactMap { group -> CampaignLine? in
            guard let value = group.group, !value.isEmpty else { return nil }
            return CampaignLine(value: value, name: names.campaign(value), volume: ReportVolume(group.results))
        }
        let ranked = lines.filter { Double($0.volume.contacted) >= KPIJudgement.judgedSample }
            .sorted { ($0.appointmentRate ?? 0, $0.volume.contacted, $1.value) > ($1.appointmentRate ?? 0, $1.volume.contacted, $0.value) }
        return (ranked, lines.count - ranked.count)
    }

    /// The SOP's optimisation recommendations: a remedy for each KPI off target, with the
    /// dashboard page to start from for the report's period, where to move lead spend, the
    /// templates to rewrite and the A/B tests to call, and the campaign that sets clearly
    /// fewer appointments than the best.
    public var recommendations: [ReportAdvice] {
        // One remedy for several KPIs (delivery and failure rate) is said once, naming them all.
        var remedies: [(names: [String], remedy: KPIRemedy)] = []
        for figure in figures {
            guard let off = figure.offTarget, let remedy = KPIRemedy.of(figure.definition.key, side: off.side) else { continue }
            if let index = remedies.firstIndex(where: { $0.remedy.action == remedy.action }) {
                remedies[index].names.append(figure.definition.name.lowercasedFirst)
            } else {
                remedies.append(([figure.definition.name], remedy))
            }
        }
        var items = remedies.map { names, remedy in
            ReportAdvice(
                text: "\(names.joined(separator: ", ")): \(remedy.action)",
                page: remedy.path + (remedy.path.contains("?") ? "&" : "?") + windowQuery)
        }
        // A day's leads have not had time to buy: money is judged over a week or a month.
        if kind != .daily {
            let name = { (value: String) in names.source(value.isEmpty ? "(none)" : value) }
            for behind in agentsBehind {
                items.append(ReportAdvice(
                    text: behind.words(
                        storeName: storeNames[behind.store.rawValue] ?? behind.store.rawValue, sourceName: name,
                        period: kind == .monthly ? "in the month" : "in the week"),
                    // A store's own report already names its store in the window's query.
                    page: "/team?" + (store == nil ? "store=\(Self.encoded(behind.store.rawValue))&" : "") + windowQuery))
            }
            if let speedAndSatisfaction {
                items.append(ReportAdvice(
                    text: speedAndSatisfaction.words(period: kind == .monthly ? "in the month" : "in the week"),
                    page: speedAndSatisfaction.page + "?" + windowQuery))
            }
            let spendPage = "/spend?" + windowQuery
            items += spend.costComparison(name: name).map { ReportAdvice(text: $0, page: spendPage) }
            if salesComingIn == nil { items += spend.spentWithoutSale(name: name).map { ReportAdvice(text: $0, page: spendPage) } }
            items += templateAdvice.map { ReportAdvice(text: $0, page: "/outreach?" + windowQuery) }
            items += changesToUndo.map { ReportAdvice(text: $0, page: "/changes" + (store.map { "?store=" + Self.encoded($0.rawValue) } ?? "")) }
            if let repeats {
                let period = kind == .monthly ? "in the month" : "in the week"
                for line in repeats.lines.filter({ $0.repeatSpend.cents > 0 }).sorted(by: { $0.repeatSpend > $1.repeatSpend }).prefix(2) {
                    items.append(ReportAdvice(
                        text: "\(name(line.source)): \(KPIFormatting.count(line.repeats, "lead", "leads")) \(period) came from shoppers the store already had "
                            + "(\(LeadSpendReport.price(line.repeatSpend.amount)) of its spend). Many vendors credit such leads: send them the list of repeat leads.",
                        page: "/contacts?" + windowQuery))
                }
            }
            if let platform, let gross = platform.aiGrossProfit, gross < platform.cost {
                items.append(ReportAdvice(
                    text: "The AI messaging did not pay for itself in profit: it cost \(LeadSpendReport.price(platform.cost)), and the "
                        + "\(KPIFormatting.count(Int(platform.aiSales), "car", "cars")) it helped sell made \(LeadSpendReport.price(gross)) gross. "
                        + "Find the texts leads do not answer and the sources whose leads never write back.",
                    page: "/outreach?" + windowQuery))
            }
        }
        let ranked = rankedCampaigns.ranked
        if let best = ranked.first, let worst = ranked.last, ranked.count > 1,
            let bestRange = WilsonInterval(successes: Double(best.volume.appointmentsSet), trials: Double(best.volume.contacted)),
            let worstRange = WilsonInterval(successes: Double(worst.volume.appointmentsSet), trials: Double(worst.volume.contacted)),
            worstRange.upper < bestRange.lower
        {
            items.append(ReportAdvice(text:
                "\(worst.name) set appointments with \(KPIFormatting.percent(worst.appointmentRate ?? 0)) of the leads it reached, against "
                    + "\(KPIFormatting.percent(best.appointmentRate ?? 0)) for \(best.name): review its message and its audience, or test a change against \(best.name)'s.",
                page: "/kpis/appointment_setting_rate?by=campaign&" + windowQuery))
        }
        return items
    }

    /// One sentence: what came in and what came of it, beside the compared window.
    public var summary: String {
        let now = volume
        var text = KPIFormatting.count(now.leads, "lead", "leads") + " came in"
        if let before = previousVolume { text += " (\(KPIFormatting.grouped(Int64(before.leads))) \(kind.comparedPhrase))" }
        text += "; \(KPIFormatting.count(now.appointmentsSet, "appointment", "appointments")) set for them so far"
        text += "; \(KPIFormatting.count(now.sales, "sale", "sales")) closed"
        if now.sales > 0 { text += " for \(KPIFormatting.dollars(now.revenue))" }
        let off = figures.filter { $0.offTarget != nil }.count
        text += off == 0 ? "; every KPI with enough to judge is on target." : "; \(KPIFormatting.count(off, "KPI", "KPIs")) off target."
        return text
    }
}

extension PerformanceReport {
    /// The lead sources as a table, the totals last: in the daily report what came in and
    /// replied (a day's leads have not had time to buy), in the others what it cost and brought.
    public var sourceTable: (header: [String], rows: [[String]]) {
        let daily = kind == .daily
        let header = daily ? ["Source", "Leads", "Spend", "Per lead", "Replied"] : ["Source", "Leads", "Spend", "Per sale", "Revenue"]
        func row(_ name: String, _ spend: LeadSpend) -> [String] {
            let shown = LeadSpendText(spend)
            return daily
                ? [name, shown.leads, shown.spend, shown.costPerLead, "\(shown.replied) (\(KPIFormatting.value(spend.replyRate, unit: .ratio)))"]
                : [name, shown.leads, shown.spend, shown.costPerSale, shown.revenue]
        }
        let rows = spend.lines.map { row(names.source($0.value.isEmpty ? "(none)" : $0.value), $0.spend) }
        return (header, rows + [row("All sources", spend.total)])
    }
}

/// One recommendation, and the dashboard page (relative to Pitwall's address, for the
/// report's period) where the work starts.
public struct ReportAdvice: Hashable, Sendable {
    public var text: String
    public var page: String?

    public init(text: String, page: String?) {
        self.text = text
        self.page = page
    }
}

extension PerformanceReport {
    /// The dashboard's filters for the report's period and store.
    public var windowQuery: String { windowQuery(period) }

    /// The same for the campaigns' days (the week to a daily report's day).
    public var campaignWindowQuery: String { windowQuery(Self.campaignDays(kind, period: period)) }

    private func windowQuery(_ days: ClosedRange<CivilDate>) -> String {
        "window=custom&from=\(days.lowerBound)&to=\(days.upperBound)" + (store.map { "&store=" + Self.encoded($0.rawValue) } ?? "")
    }

    /// The report's own page, relative to Pitwall's address.
    public var pagePath: String { Self.pagePath(kind, date: period.lowerBound, store: store) }

    public static func pagePath(_ kind: ReportKind, date: CivilDate, store: StoreID?) -> String {
        "/reports?kind=\(kind.rawValue)&date=\(date)" + (store.map { "&store=" + encoded($0.rawValue) } ?? "")
    }

    /// `value` as it may stand in a query.
    public static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? value
    }

    /// What may stand in a query value as it is.
    public static let queryValueCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
}

/// A campaign as the report ranks it.
public struct CampaignLine: Hashable, Sendable {
    public var value: String
    public var name: String
    public var volume: ReportVolume

    public var replyRate: Double? { volume.contacted == 0 ? nil : Double(volume.replied) / Double(volume.contacted) }
    public var appointmentRate: Double? { volume.contacted == 0 ? nil : Double(volume.appointmentsSet) / Double(volume.contacted) }
}

extension String {
    /// "first response time" inside a sentence, from "First response time"; "AI-assisted"
    /// and "API" keep their capitals.
    var lowercasedFirst: String {
        guard let second = dropFirst().first, second.isLowercase else { return self }
        return prefix(1).lowercased() + dropFirst()
    }
}

extension PerformanceReport {
    /// The calendar quarter a monthly report's period ends, when it ends one (March, June,
    /// September, December): what its SLA review covers.
    public static func quarterEnded(by period: ClosedRange<CivilDate>, kind: ReportKind) -> ClosedRange<CivilDate>? {
        let end = period.upperBound
        guard kind == .monthly, end.month % 3 == 0 else { return nil }
        return CivilDate(year: end.year, month: end.month - 2, day: 1)!...end
    }

    /// The SLA review page of the report's quarter, the same store.
    public var slaReviewPage: String? {
        guard !slaReview.isEmpty, let days = slaReviewDays else { return nil }
        return "/sla/review?window=custom&from=\(days.lowerBound)&to=\(days.upperBound)" + (store.map { "&store=" + Self.encoded($0.rawValue) } ?? "")
    }

    /// The outlook page the report's forecast comes from: the same day, the same store.
    public var outlookPage: String? {
        guard !outlook.isEmpty, let outlookAsOf else { return nil }
        return "/outlook?as_of=\(outlookAsOf)" + (store.map { "&store=\($0.rawValue)" } ?? "")
    }
}
