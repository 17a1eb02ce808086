import Foundation
import PitwallCore

extension AppDependencies {
    /// The report of `kind` covering `period` for `store` (nil: the group), as of `now`: what
    /// the page shows, the API returns and the channels get.
    func performanceReport(_ kind: ReportKind, period: ClosedRange<CivilDate>, store: StoreID?, now: Timestamp) async throws -> PerformanceReport {
        try await PerformanceReport.read(
            kind, period: period, store: store, now: now, configuration: configuration, rollups: rollups, events: self.store, alerts: alerts,
            leads: leads, coaching: coaching, changes: changes, delays: delays, maturity: try await maturityBasis(store: store, now: now))
    }
}

extension PerformanceReport {
    /// A report read from the stores: `pitwall report` calls it as the server does.
    public static func read(
        _ kind: ReportKind, period: ClosedRange<CivilDate>, store: StoreID?, now: Timestamp, configuration: PitwallConfiguration,
        rollups: any KPIRollupStore, events: any EventStore, alerts: any AlertStore, leads: any LeadQueryStore, coaching: any CoachingLog, changes: any ChangeLog,
        delays: any DelayLog, maturity: MaturityBasis
    ) async throws -> PerformanceReport {
        let query = KPIQuery(from: period.lowerBound, to: period.upperBound, store: store, comparison: kind.comparison)
        let scorecard = try await rollups.scorecard(query, configuration: configuration, maturity: maturity)
            .withSystemHealth(from: events, configuration: configuration, now: now)
        var stores: KPIReport?
        let storeIDs = try await rollups.storesToList(configuration)
        if store == nil, storeIDs.count > 1 {
            stores = try await rollups.scorecard(
                KPIQuery(from: period.lowerBound, to: period.upperBound, groupBy: .store), configuration: configuration, maturity: maturity)
        }
        let campaignDays = PerformanceReport.campaignDays(kind, period: period)
        let campaigns = try await rollups.scorecard(
            KPIQuery(from: campaignDays.lowerBound, to: campaignDays.upperBound, store: store, groupBy: .campaign), configuration: configuration)
        let spend = try await LeadSpendReading(period, store: store, grouping: .source, rollups: rollups, maturity: maturity, configuration: configuration)
        // What is open now belongs in the report being sent now, not in one read back later.
        let today = configuration.today(store: store, at: now)
        var openAlerts: [String] = []
        var todays: ReportToday?
        let latest = period == kind.lastWholePeriod(today: today)
        if latest, kind == .daily {
            todays = try await Self.today(today, store: store, configuration: configuration, rollups: rollups, leads: leads, now: now)
        }
        if latest {
            // Only what is open has a reason to give: the board's other thousands of statuses
            // (every rule at every store and source) would only colour tiles the report has not.
            let statuses = try await alerts.statuses(of: configuration.alertRules).filter { $0.condition == .firing || $0.condition == .pending }
            let local = LocalTimeFormatting(store: store.map(configuration.store) ?? configuration.homeStore, now: now)
            let board = StatusBoard(
                statuses: statuses, rules: configuration.alertRules, stores: storeIDs.map(configuration.store),
                catalog: configuration.kpiCatalog, names: configuration.names, time: local.time)
            if let store {
                openAlerts = board.stores.first { $0.storeID == store }?.reasons ?? []
            } else {
                openAlerts = board.openReasons
            }
        }
        var report = PerformanceReport(
            kind: kind, period: period, store: store, scopeName: store.map { configuration.store($0).name } ?? "All stores",
            scorecard: scorecard, stores: stores, campaigns: campaigns, spend: spend.report, salesComingIn: spend.salesComingIn,
            openAlerts: openAlerts, names: configuration.names,
            storeNames: Dictionary(storeIDs.map { ($0.rawValue, configuration.store($0).name) }, uniquingKeysWith: { first, _ in first }), today: todays)
        // A day's fee against a day's sales says little; a week or a month carries it.
        if kind != .daily {
            report.platform = spend.platform
            if spend.platform != nil, let before = report.comparedPeriod {
                report.platformBefore = try await LeadSpendReading(
                    before, store: store, grouping: .source, rollups: rollups, maturity: maturity, configuration: configuration
                ).platform
            }
            report.repeats = RepeatLeadReport(
                repeats: try await RepeatLeadReading.repeats(period, store: store, source: nil, reader: leads, configuration: configuration),
                leads: Dictionary(spend.report.lines.map { ($0.value, Int($0.spend.leads)) }, uniquingKeysWith: +),
                windowDays: configuration.repeatLeadDays)
        }
        // Through yesterday at the latest: today's hand-offs are not all due yet, and would read as misses.
        if kind != .daily, period.lowerBound < today {
            let days = period.lowerBound.daysSinceEpoch...Swift.min(period.upperBound, today.adding(days: -1)).daysSinceEpoch
            let usual = days.lowerBound - Int64(AgentsBehind.usualDays)...days.lowerBound - 1
            let behind = AgentsBehind.find(
                rows: try await rollups.rollupRows(dimension: .all, days: days, store: store),
                before: try await rollups.rollupRows(dimension: .all, days: usual, store: store), periodDays: days.count, catalog: configuration.kpiCatalog(for:))
            if !behind.isEmpty {
                let bySource = try await rollups.rollupRows(dimension: .source, days: days, store: store, counters: .only(LeadSpend.counters))
                report.agentsBehind = behind.compactMap { $0.paying(bySource) }
            }
        }
        if kind != .daily {
            report.speedAndSatisfaction = SpeedAndSatisfaction(
                rows: try await rollups.rollupRows(
                    dimension: .responseBucket, days: period.lowerBound.daysSinceEpoch...period.upperBound.daysSinceEpoch, store: store,
                    counters: .only(SpeedAndSatisfaction.counters)))
        }
        if let days = PerformanceReport.teamDays(kind, period: period) {
            // Each agent against their own month or four weeks before too: whether coaching took.
            let before = PerformanceReport.teamComparison(kind).window(from: days.lowerBound, to: days.upperBound)
            let team = try await TeamReading(
                days, comparedWith: before.from...before.to, stores: store.map { [$0] } ?? storeIDs, store: store, rollups: rollups,
                configuration: configuration, maturity: maturity)
            report.team = team.findings
            // The notification A/B test, when it found something: which way gets leads picked up.
            if !team.notificationMethods.clearPairs.isEmpty { report.team += team.notificationFindings.map { "How agents are told: " + $0 } }
            report.teamDays = days
            // The SOP's training effectiveness review: each coaching of the last 90 days, judged at
            // the month's end; for the weekly team meeting, those still in their 30 days since.
            let coaching = try await CoachingReading(
                Self.logDays(kind, period: period), store: store, log: coaching, rollups: rollups, configuration: configuration, maturity: maturity)
            if !coaching.review.outcomes.isEmpty { report.team += coaching.findings.map { "Coaching: " + $0 } }
            // Seed 004's agent feedback: the costliest delays agents reported in the 90 days to
            // the period's end that nothing fixes yet, and any fix that made its figure worse.
            let delays = try await DelayReading(
                period.upperBound.adding(days: 1 - BeforeAndSince.usualLogDays)...period.upperBound, store: store, log: delays, changes: changes,
                rollups: rollups, configuration: configuration, maturity: maturity)
            report.team += delays.reportFindings.map { "Delay agents report: " + $0 }
        }
        if kind != .daily {
            let days = Self.logDays(kind, period: period)
            let reading = try await ChangeLogReading(days, store: store, log: changes, rollups: rollups, configuration: configuration, maturity: maturity)
            report.changes = reading.review.outcomes.isEmpty ? [] : reading.findings
            report.changesToUndo = reading.toUndo
            report.changesDays = days
        }
        // A day is too short to rank templates or call a test: the week's and the month's review does.
        if kind != .daily {
            report.templateAdvice = try await OutreachReading(period, store: store, source: nil, leads: leads, configuration: configuration, now: now).advice
        }
        if kind == .monthly {
            // As forecast at the month's end; for a month not over yet, from yesterday.
            let asOf = Swift.min(period.upperBound, today.adding(days: -1))
            report.outlook = try await OutlookReading(OutlookQuery(asOf: asOf, kind: .month, store: store), rollups: rollups, configuration: configuration, now: now)
                .advice
            report.outlookAsOf = asOf
        }
        if let quarter = PerformanceReport.quarterEnded(by: period, kind: kind) {
            let review = try await SLAReviewReading(quarter, store: store, rollups: rollups, configuration: configuration)
            report.slaReview = review.review.findings(names: review.storeName)
            report.slaReviewDays = quarter
        }
        return report
    }

    /// The days whose coaching and changes a weekly or monthly report lists: for a week, those
    /// still in their 30 days since at some point of it; for a month, the quarter to its end.
    static func logDays(_ kind: ReportKind, period: ClosedRange<CivilDate>) -> ClosedRange<CivilDate> {
        period.upperBound.adding(days: kind == .monthly ? 1 - BeforeAndSince.usualLogDays : -(BeforeAndSince.longestSide + 6))...period.upperBound
    }

    /// Today's appointments (from the rollups' count by scheduled day) and the open answered
    /// leads of the week, warmest first, as the follow-ups page ranks them.
    static func today(
        _ today: CivilDate, store: StoreID?, configuration: PitwallConfiguration, rollups: any KPIRollupStore, leads: any LeadQueryStore, now: Timestamp
    ) async throws -> ReportToday {
        let day = today.daysSinceEpoch
        let rows = try await rollups.rollupRows(dimension: .all, days: day...day, store: store, counters: .only([.appointmentsScheduled]))
        var totals = KPITotals()
        rows.forEach { totals.add($0) }
        let followUps = try await FollowUps(ReportToday.followUpDays(today: today), store: store, first: ReportToday.listed, leads: leads, configuration: configuration)
        let names = configuration.names
        // Only a roster can leave a day short: without one the outlook is not read.
        var shortOfAgents: [String] = []
        if !configuration.roster.agents.isEmpty {
            let outlook = try await OutlookReading(OutlookQuery(asOf: today.adding(days: -1), kind: .month, store: store), rollups: rollups, configuration: configuration)
            // A report read (or sent) later in the day names no span that is over.
            let ahead = HoursAhead(now: now, stores: configuration.stores)
            shortOfAgents = StaffingGap.all(outlook.outlook.nextDays.filter { $0.date == today })
                .filter { ahead.isAhead(store: $0.store, date: $0.date, hours: $0.span) }.map { gap in
                gap.words(storeName: { outlook.storeNames[$0] ?? $0.rawValue }, withDate: false)
            }
        }
        var report = ReportToday(
            date: today, appointments: Int(totals[.appointmentsScheduled]), followUps: followUps.open,
            warmest: followUps.entries.map { entry in
                let state = entry.state
                return ReportToday.Lead(
                    leadID: state.leadID, storeName: state.profile.map { configuration.store($0.storeID).name } ?? "",
                    source: state.profile.map { names.source($0.source) } ?? "", temperature: entry.temperature.score, replies: state.inboundCount,
                    agent: state.agentID.map(names.agent))
            })
        report.shortOfAgents = shortOfAgents
        return report
    }
}
