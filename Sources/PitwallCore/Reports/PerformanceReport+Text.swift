extension PerformanceReport {
    /// An e-mail subject: which report, whose, and whether anything is off.
    public var subject: String {
        let off = figures.filter { $0.offTarget != nil }.count
        let state =
            !openAlerts.isEmpty ? "\(KPIFormatting.count(openAlerts.count, "alert", "alerts")) open"
            : off > 0 ? "\(off) off target" : volume.leads == 0 ? "no leads" : "on target"
        return "Pitwall \(kind.rawValue) report: \(scopeName), \(kind.periodName(period)) (\(state))"
    }

    /// The report as plain text, for e-mail and chat; `linkBase` is Pitwall's address, for the
    /// links to the full report and to where each recommendation starts.
    public func text(linkBase: String?) -> String {
        let address = { (path: String) in linkBase.map { Self.joined($0, path) } ?? path }
        var lines = ["\(kind.title): \(scopeName), \(kind.periodName(period))"]
        if let compared = comparedPeriod { lines.append("Compared with \(kind.periodName(compared)), \(kind.comparedPhrase).") }
        lines += ["", summary]
        if let comingIn = comingInSentence { lines.append(comingIn) }
        section("Needs attention", needsAttention.isEmpty ? ["Nothing: no alert is open and no KPI is off target."] : needsAttention.map { "- " + $0 }, into: &lines)
        if let today {
            section(today.heading, today.lines, into: &lines)
            if today.followUps > 0 { lines.append("All of them: \(address(followUpsPath))") }
        }

        var table = [["KPI", "Now", "Target", "Status"] + (comparedPeriod == nil ? [] : [kind.comparedHeading, "Change"])]
        for figure in figures {
            var row = [figure.definition.name, figure.value, figure.target, figure.standing]
            if comparedPeriod != nil { row += [figure.previousValue ?? "–", figure.change ?? "–"] }
            table.append(row)
        }
        section("Scorecard", TextTable.lines(table), into: &lines)

        let (ranked, tooFew) = rankedCampaigns
        var campaignLines: [String] = []
        if ranked.isEmpty {
            campaignLines.append("No campaign reached \(Int(KPIJudgement.judgedSample)) leads contacted: too few to rank.")
        } else {
            var rows = [["Campaign", "Leads", "Replied", "Appointments"]]
            for line in campaignsShown {
                rows.append([
                    line.name, KPIFormatting.grouped(Int64(line.volume.leads)), KPIFormatting.value(line.replyRate, unit: .ratio),
                    KPIFormatting.value(line.appointmentRate, unit: .ratio),
                ])
            }
            campaignLines += TextTable.lines(rows)
            if tooFew > 0 { campaignLines.append("(\(KPIFormatting.count(tooFew, "campaign", "campaigns")) with fewer leads contacted not ranked.)") }
        }
        section(campaignTitle, campaignLines, into: &lines)

        let sources = sourceTable
        section("Lead sources: spend and return", spend.lines.isEmpty ? ["No leads came in."] : TextTable.lines([sources.header] + sources.rows), into: &lines)
        if !platformLines.isEmpty { section("The AI messaging: cost and return", platformLines, into: &lines) }
        if !team.isEmpty { section(teamTitle, team, into: &lines) }
        if !changes.isEmpty { section("Changes made", changes, into: &lines) }

        let stores = storeLines
        if stores.count > 1 {
            let rows = stores.map { line in
                [
                    line.name, KPIFormatting.grouped(Int64(line.leads)),
                    line.offTarget.isEmpty ? "none" : line.offTarget.map(\.definition.name.lowercasedFirst).joined(separator: ", "),
                ]
            }
            section("Stores", TextTable.lines([["Store", "Leads", "Off target"]] + rows), into: &lines)
        }
        if !outlook.isEmpty {
            section("Outlook", outlook.map { "- " + $0 } + (outlookPage.map { ["(see \(address($0)))"] } ?? []), into: &lines)
        }
        if !slaReview.isEmpty, let days = slaReviewDays {
            section(
                "SLA review, \(ReportingWindow(preset: .custom, from: days.lowerBound, to: days.upperBound).label)",
                slaReview.map { "- " + $0 } + (slaReviewPage.map { ["(see \(address($0)))"] } ?? []), into: &lines)
        }
        let advice = recommendations
        section(
            "What to do", advice.isEmpty ? ["Nothing stands out: keep going."] : advice.map { "- " + $0.text + ($0.page.map { " (see \(address($0)))" } ?? "") },
            into: &lines)
        lines += ["", "The full report, with charts and links: \(address(pagePath))"]
        return lines.joined(separator: "\n")
    }

    private func section(_ title: String, _ body: [String], into lines: inout [String]) {
        lines += ["", title, String(repeating: "-", count: title.count)] + body
    }
}

extension PerformanceReport {
    /// "Its leads are young, about 62% of sales in so far: ...", while they are.
    public var comingInSentence: String? {
        salesComingIn.map { "Its leads are young, \($0.progress): conversion and the cost per sale will improve as the rest come in." }
    }

    /// "Top campaigns, 27 Nov – 3 Dec 2026" in a daily report (the week to its day), else
    /// "Campaigns by appointments set".
    public var campaignTitle: String {
        kind == .daily ? "Top campaigns, \(ReportKind.weekly.periodName(Self.campaignDays(kind, period: period)))" : "Campaigns by appointments set"
    }

    /// The ranked campaigns a report lists: the top three in a daily report, ten in the others.
    public var campaignsShown: ArraySlice<CampaignLine> { rankedCampaigns.ranked.prefix(kind == .daily ? 3 : 10) }

    /// The follow-ups page for the report's store.
    public var followUpsPath: String { "/follow-ups" + (store.map { "?store=" + Self.encoded($0.rawValue) } ?? "") }
}
