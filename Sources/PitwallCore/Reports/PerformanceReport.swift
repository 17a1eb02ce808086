/// A scheduled report's contents, read from the rollups and the alert statuses by the server
/// and worked into findings here. Pure: the readings come in, sentences come out.
public struct PerformanceReport: Sendable {
    public var kind: ReportKind
    public var period: ClosedRange<CivilDate>
    /// Nil: the whole group.
    public var store: StoreID?
    /// The store's or the group's name, for the title.
    public var scopeName: String
    /// Every KPI of the period beside `kind.comparison`'s window.
    public var scorecard: KPIReport
    /// The group's stores, each judged by its own targets; nil in one store's report.
    public var stores: KPIReport?
    /// The campaigns over `campaignDays`.
    public var campaigns: KPIReport
    /// Lead spend and return by source over the period.
    public var spend: LeadSpendReport
    /// The period's sales still coming in, when its leads are young.
    public var salesComingIn: CohortMaturity?
    /// Alerts firing or pending when the report was made, in words, worst first.
    public var openAlerts: [String]
    public var names: DisplayNames
    public var storeNames: [String: String]
    /// For the sales team, in the latest daily report: today's appointments and the leads to
    /// call back first.
    public var today: ReportToday?
    /// In weekly and monthly reports, the template review's advice for the period (the SOP's
    /// weekly campaign optimisation review: templates, A/B tests, send times).
    public var templateAdvice: [String] = []
    /// In monthly reports, the SOP's forecasting: where the month after the period is heading,
    /// as forecast from the days through the period's end (`GET /v1/outlook` of that day).
    public var outlook: [String] = []
    public var outlookAsOf: CivilDate?
    /// The monthly report of a quarter's last month: the SLAs to tighten or to staff to, over
    /// the quarter (`GET /v1/sla/review` of those days); the curriculum reviews them quarterly.
    public var slaReview: [String] = []
    public var slaReviewDays: ClosedRange<CivilDate>?
    /// In weekly and monthly reports with the platform's costs configured, the SOP's "ROI
    /// calculations" and "investment ROI assessment": what the AI messaging cost and returned.
    public var platform: MessagingReturn?
    /// The same over `comparedPeriod`, for the line against it.
    public var platformBefore: MessagingReturn?
    /// In weekly and monthly reports, the period's repeat leads by source: paid ones are
    /// money a vendor may give back.
    public var repeats: RepeatLeadReport?
    /// In weekly and monthly reports, the SOP's team meeting: whom to coach and whose way to
    /// pass on (`TeamReview`), over `teamDays`.
    public var team: [String] = []
    public var teamDays: ClosedRange<CivilDate>?
    /// In weekly and monthly reports, the SOP's "monitor performance improvements": each change
    /// recorded in `changesDays` (`ChangeReview`), judged at the period's end.
    public var changes: [String] = []
    public var changesDays: ClosedRange<CivilDate>?
    /// In weekly and monthly reports, the stores whose agents could not keep up on most days
    /// while they paid for leads: the SOP's "pause campaigns ... due to capacity constraints".
    public var agentsBehind: [AgentsBehind] = []
    /// Whether customers answered fast rate the store differently from those who waited
    /// (weekly and monthly), when the survey answers tell.
    public var speedAndSatisfaction: SpeedAndSatisfaction?
    /// The changes among them that made their figure clearly worse (net of the rest of the
    /// group, where it has one large enough): what to undo, for "What to do".
    public var changesToUndo: [String] = []

    public init(
        kind: ReportKind, period: ClosedRange<CivilDate>, store: StoreID?, scopeName: String, scorecard: KPIReport, stores: KPIReport?,
        campaigns: KPIReport, spend: LeadSpendReport, salesComingIn: CohortMaturity?, openAlerts: [String], names: DisplayNames,
        storeNames: [String: String], today: ReportToday? = nil
    ) {
        self.kind = kind
        self.period = period
        self.store = store
        self.scopeName = scopeName
        self.scorecard = scorecard
        self.stores = stores
        self.campaigns = campaigns
        self.spend = spend
        self.salesComingIn = salesComingIn
        self.openAlerts = openAlerts
        self.names = names
        self.storeNames = storeNames
        self.today = today
    }

    /// The campaigns of a day are too few to rank: the daily report reads the week to its day.
    public static func campaignDays(_ kind: ReportKind, period: ClosedRange<CivilDate>) -> ClosedRange<CivilDate> {
        kind == .daily ? period.upperBound.adding(days: -6)...period.upperBound : period
    }

    /// The days a report's team review covers: the month, or for a week the four weeks to its
    /// end (a week gives an agent too few leads to tell anyone apart); none for a day.
    public static func teamDays(_ kind: ReportKind, period: ClosedRange<CivilDate>) -> ClosedRange<CivilDate>? {
        switch kind {
        case .daily: nil
        case .weekly: period.upperBound.adding(days: -27)...period.upperBound
        case .monthly: period
        }
    }

    /// What a report's team review sets each agent beside, to tell whether coaching took: the
    /// month before, or for a week the four weeks before its four.
    public static func teamComparison(_ kind: ReportKind) -> KPIComparison {
        kind == .monthly ? .previousMonth : .previous
    }

    /// "The team, 10 Nov – 7 Dec 2026".
    public var teamTitle: String {
        "The team, " + (teamDays.map { kind == .monthly ? kind.periodName($0) : ReportKind.weekly.periodName($0) } ?? "")
    }

    /// The platform's cost and return in words, for the period.
    public var platformLines: [String] {
        guard let platform else { return [] }
        let lines = platform.findings(period: kind == .monthly ? "in the month" : kind == .weekly ? "in the week" : "on the day")
        return lines + (platformBefore.map { [platform.compared(with: $0, phrase: kind.comparedPhrase)] } ?? [])
    }

    public var comparedPeriod: ClosedRange<CivilDate>? {
        scorecard.query.comparedWindow.map { $0.from...$0.to }
    }

    /// The KPIs a report shows: the scorecard's, less those reserved for later.
    public var figures: [ReportFigure] {
        guard let group = scorecard.groups.first else { return [] }
        return group.results.enumerated().compactMap { index, result in
            let definition = group.catalog[result.key]
            guard !definition.reserved else { return nil }
            return ReportFigure(definition: definition, result: result, previous: group.previous?[index])
        }
    }

    public var volume: ReportVolume { ReportVolume(scorecard.groups.first?.results ?? []) }
    public var previousVolume: ReportVolume? { scorecard.groups.first?.previous.map(ReportVolume.init) }
}

/// One KPI as a report shows it: the figure, its target, its standing and its change.
public struct ReportFigure: Sendable {
    public var definition: KPIDefinition
    public var result: KPIResult
    public var previous: KPIResult?

    public init(definition: KPIDefinition, result: KPIResult, previous: KPIResult?) {
        self.definition = definition
        self.result = result
        self.previous = previous
    }

    public var value: String { KPIFormatting.value(result.value, unit: definition.unit) }
    public var target: String { KPIFormatting.target(definition.target, unit: definition.unit) }
    public var standing: String { KPIStatusWords.status(result, definition: definition) }
    public var previousValue: String? { previous.map { KPIFormatting.value($0.value, unit: definition.unit) } }

    /// "+2.1 pts better", "≈ -0.4 pts", "too early"; nil without a compared window.
    public var change: String? { previous.map { KPIStatusWords.change(result, from: $0, definition: definition) } }

    /// Off its target on enough to say so: red or yellow as it stands or where it is heading.
    /// Not a young window's shortfall, nor one on too few to tell.
    public var offTarget: (status: KPIStatus, side: TargetSide, figure: Double)? {
        let figure: Double
        let status: KPIStatus
        switch result.judgement(definition) {
        case .asItStands(let judged, _):
            guard let value = result.value else { return nil }
            (status, figure) = (judged, value)
        case .heading(let judged, let heading, _):
            (status, figure) = (judged, heading)
        case .tooEarly, .tooFewToTell:
            return nil
        }
        guard status == .red || status == .yellow, let side = definition.target.side(of: figure) else { return nil }
        return (status, side, figure)
    }

    /// Worse than the compared window by more than chance moves it.
    public var clearlyWorse: Bool {
        guard let previous else { return false }
        return result.changeCall(from: previous, definition: definition) == .called(.worse)
    }
}

/// The funnel's counts: what came in and what came of it.
public struct ReportVolume: Hashable, Sendable {
    public var leads = 0
    public var contacted = 0
    public var replied = 0
    public var appointmentsSet = 0
    /// Sales closed in the period (whenever their leads came).
    public var sales = 0
    public var revenue = 0.0

    public init(_ results: [KPIResult]) {
        func count(_ key: KPIKey, _ part: KeyPath<KPIResult, Double?>) -> Int {
            Int((results.first { $0.key == key }?[keyPath: part] ?? 0).rounded())
        }
        leads = count(.leadToSaleConversion, \.denominator)
        contacted = count(.leadResponseRate, \.denominator)
        replied = count(.leadResponseRate, \.numerator)
        appointmentsSet = count(.appointmentSettingRate, \.numerator)
        sales = count(.averageSaleValue, \.denominator)
        revenue = results.first { $0.key == .averageSaleValue }?.numerator ?? 0
    }
}

/// A store of the group as the report lists it.
public struct ReportStoreLine: Sendable {
    public var store: StoreID
    public var name: String
    public var leads: Int
    /// Its KPIs off its own targets.
    public var offTarget: [ReportFigure]
}

extension PerformanceReport {
    /// The group's stores, each judged by its own targets; empty in one store's report.
    public var storeLines: [ReportStoreLine] {
        (stores?.groups ?? []).compactMap { group in
            group.group.map { id in
                ReportStoreLine(store: StoreID(id), name: storeNames[id] ?? id, leads: ReportVolume(group.results).leads, offTarget: group.figuresOffTarget)
            }
        }
    }
}

extension KPIGroupReport {
    /// The group's KPIs off target (`ReportFigure.offTarget`), reserved ones left out.
    public var figuresOffTarget: [ReportFigure] {
        results.compactMap { result in
            let figure = ReportFigure(definition: catalog[result.key], result: result, previous: nil)
            return !figure.definition.reserved && figure.offTarget != nil ? figure : nil
        }
    }
}
