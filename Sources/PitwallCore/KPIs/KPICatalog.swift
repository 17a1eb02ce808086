/// The versioned definitions of every KPI: formula, target band, thresholds and change log.
/// The standard catalog carries the SOP's targets; the configuration may move a target,
/// and each such move is recorded with its date and reason.
public struct KPICatalog: Hashable, Sendable {
    public private(set) var definitions: [KPIDefinition]

    public init(definitions: [KPIDefinition]) {
        self.definitions = definitions.sorted { $0.key < $1.key }
    }

    public subscript(key: KPIKey) -> KPIDefinition {
        definitions.first { $0.key == key }!
    }

    /// A change to one KPI's target or thresholds: the figures given, the rest as they were.
    /// Moving a target's end moves the matching green edge with it, unless that is given too.
    public struct Override: Hashable, Sendable {
        public var key: KPIKey
        public var targetMin: Double?
        public var targetMax: Double?
        public var greenMin: Double?
        public var greenMax: Double?
        public var redBelow: Double?
        public var redAbove: Double?
        public var date: CivilDate
        public var reason: String

        public init(
            key: KPIKey, targetMin: Double? = nil, targetMax: Double? = nil, greenMin: Double? = nil, greenMax: Double? = nil, redBelow: Double? = nil,
            redAbove: Double? = nil, date: CivilDate, reason: String
        ) {
            self.key = key
            self.targetMin = targetMin
            self.targetMax = targetMax
            self.greenMin = greenMin
            self.greenMax = greenMax
            self.redBelow = redBelow
            self.redAbove = redAbove
            self.date = date
            self.reason = reason
        }

        /// The target and thresholds of `definition` once this change is made.
        func applied(to definition: KPIDefinition) -> (target: KPITarget, bands: StatusBands) {
            var target = definition.target
            var bands = definition.bands
            if let targetMin {
                target.min = targetMin
                if bands.greenMin != nil { bands.greenMin = targetMin }
            }
            if let targetMax {
                target.max = targetMax
                if bands.greenMax != nil { bands.greenMax = targetMax }
            }
            if let greenMin { bands.greenMin = greenMin }
            if let greenMax { bands.greenMax = greenMax }
            if let redBelow { bands.redBelow = redBelow }
            if let redAbove { bands.redAbove = redAbove }
            return (target, bands)
        }
    }

    /// The catalog with `overrides` applied in order, each as a new version in the KPI's change
    /// log; `store` names the store they are for when they are one store's own targets.
    public func applying(_ overrides: [Override], store: String? = nil) -> KPICatalog {
        var copy = self
        for override in overrides {
            guard let index = copy.definitions.firstIndex(where: { $0.key == override.key }) else { continue }
            var definition = copy.definitions[index]
            let (target, bands) = override.applied(to: definition)
            var parts: [String] = []
            if target != definition.target {
                parts.append("target \(describe(definition.target)) → \(describe(target))")
                definition.target = target
            }
            if bands != definition.bands {
                parts.append("thresholds \(describe(definition.bands)) → \(describe(bands))")
                definition.bands = bands
            }
            guard !parts.isEmpty else { continue }
            let summary = (store.map { "at \($0): " } ?? "") + parts.joined(separator: "; ")
            definition.changes.append(DefinitionChange(version: definition.version + 1, date: override.date, summary: summary, reason: override.reason))
            copy.definitions[index] = definition
        }
        return copy
    }

    /// The catalog with a change that is not about targets (what a KPI counts) in one KPI's log.
    public func noting(_ summary: String, on date: CivilDate, reason: String, for key: KPIKey) -> KPICatalog {
        var copy = self
        guard let index = copy.definitions.firstIndex(where: { $0.key == key }) else { return copy }
        let version = copy.definitions[index].version + 1
        copy.definitions[index].changes.append(DefinitionChange(version: version, date: date, summary: summary, reason: reason))
        return copy
    }

    private func describe(_ target: KPITarget) -> String {
        "\(target.min.map { "\($0)" } ?? "-")..\(target.max.map { "\($0)" } ?? "-")"
    }

    private func describe(_ bands: StatusBands) -> String {
        let parts = [
            bands.greenMin.map { "green ≥ \($0)" }, bands.greenMax.map { "green ≤ \($0)" },
            bands.redBelow.map { "red < \($0)" }, bands.redAbove.map { "red > \($0)" },
        ]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }
}

extension KPICatalog {
    /// The date the standard definitions took effect.
    static let introduced = CivilDate(year: 2026, month: 1, day: 1)!

    /// The system KPIs were reserved until the health monitoring could measure them.
    static func systemChanges(_ summary: String) -> [DefinitionChange] {
        [
            DefinitionChange(version: 1, date: introduced, summary: "reserved: \(summary)", reason: "Targets from the Performance Monitoring & Optimization SOP"),
            DefinitionChange(
                version: 2, date: CivilDate(year: 2026, month: 12, day: 1)!, summary: "computed from health probes and system readings",
                reason: "Pitwall now probes the systems it watches and accepts system.sample events"),
        ]
    }

    /// The survey's two figures came with the `survey.answered` event. The SOP names no target
    /// for them; the executive scorecard puts customer satisfaction beside revenue.
    static func surveyIntroduced(_ bands: String) -> [DefinitionChange] {
        [
            DefinitionChange(
                version: 1, date: CivilDate(year: 2026, month: 12, day: 6)!, summary: "introduced from survey.answered events: \(bands), our own targets",
                reason: "The executive scorecard reports customer satisfaction and NPS, and the speed-to-lead curriculum (module 4) sets satisfaction against response time")
        ]
    }

    static func initial(_ summary: String) -> [DefinitionChange] {
        [DefinitionChange(version: 1, date: introduced, summary: summary, reason: "Targets from the Performance Monitoring & Optimization SOP")]
    }

    /// The SOP's KPIs. Yellow and red follow the SOP's warning and critical alert levels where it
    /// gives them, and otherwise begin below the target band and a quarter below it.
    public static let standard = KPICatalog(definitions: [
        KPIDefinition(
            key: .leadToSaleConversion, name: "Lead-to-sale conversion",
            formula: "sales of the leads created in the window / leads created in the window", unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(min: 0.08, max: 0.12), bands: StatusBands(greenMin: 0.08, redBelow: 0.06), changes: initial("introduced")),
        KPIDefinition(
            key: .aiAssistedRevenueShare, name: "AI-assisted sales revenue",
            formula: "revenue of sales closed in the window whose lead had an AI message and had replied before the sale / all revenue closed in the window",
            unit: .ratio, reviewFrequency: "weekly",
            target: KPITarget(min: 0.40, max: 0.60), bands: StatusBands(greenMin: 0.40, redBelow: 0.30), changes: initial("introduced")),
        KPIDefinition(
            key: .averageSaleValue, name: "Average sale value", formula: "revenue closed in the window / sales closed in the window",
            unit: .currency, reviewFrequency: "monthly",
            target: KPITarget(min: 35_000, max: 45_000), bands: StatusBands(greenMin: 35_000, redBelow: 30_000), changes: initial("introduced")),
        KPIDefinition(
            key: .leadResponseRate, name: "Lead response rate",
            formula: "contacted leads (created in the window) that replied at least once / leads created in the window that got at least one message",
            unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(min: 0.25, max: 0.35), bands: StatusBands(greenMin: 0.25, redBelow: 0.15), changes: initial("introduced")),
        KPIDefinition(
            key: .appointmentSettingRate, name: "Appointment setting rate",
            formula: "distinct appointments set for leads created in the window / those leads that got at least one message",
            unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(min: 0.08, max: 0.15), bands: StatusBands(greenMin: 0.08, redBelow: 0.06), changes: initial("introduced")),
        KPIDefinition(
            key: .appointmentShowRate, name: "Appointment show rate",
            formula: "appointments scheduled in the window that were attended / those attended or no-show (cancelled and not yet known are left out)",
            unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(min: 0.70, max: 0.80), bands: StatusBands(greenMin: 0.70, redBelow: 0.60), changes: initial("introduced")),
        KPIDefinition(
            key: .messageDeliveryRate, name: "Message delivery rate",
            formula: "outbound messages sent in the window whose latest status is delivered / those with a final status (delivered, undelivered, failed); the rest are pending",
            unit: .ratio, reviewFrequency: "real-time",
            target: KPITarget(min: 0.95), bands: StatusBands(greenMin: 0.95, redBelow: 0.90), changes: initial("introduced")),
        KPIDefinition(
            key: .messageFailureRate, name: "Message failure rate",
            formula: "outbound messages sent in the window whose latest status is undelivered or failed / those with a final status",
            unit: .ratio, reviewFrequency: "real-time",
            target: KPITarget(max: 0.05), bands: StatusBands(greenMax: 0.05, redAbove: 0.10), changes: initial("introduced")),
        KPIDefinition(
            key: .firstResponseTime, name: "Response time to leads",
            formula: "median seconds from form submission (else CRM receipt) to the first message that is not an auto-reply, over leads created in the window",
            unit: .seconds, reviewFrequency: "real-time",
            target: KPITarget(max: 300), bands: StatusBands(greenMax: 300, redAbove: 900), changes: initial("introduced; the SOP's target is for hot leads: break down by tier")),
        KPIDefinition(
            key: .slaAttainment, name: "Answered within SLA",
            formula: "leads created in the window answered within their tier's SLA (by the response-time policy's clock) / leads created in the window",
            unit: .ratio, reviewFrequency: "real-time",
            target: KPITarget(min: 0.90), bands: StatusBands(greenMin: 0.90, redBelow: 0.75), changes: initial("introduced with the speed-to-lead SLA")),
        KPIDefinition(
            key: .agentPickupWithinSLA, name: "Agent pick-up within SLA",
            formula: "leads created in the window handed to an agent (their latest assignment) that an agent wrote to or called within the lead's tier SLA after the hand-off (by the response-time policy's clock; the assigned agent having written before the hand-off counts as at once) / leads created in the window handed to an agent, less those whose customer opted out or bought before the pick-up was due and before anyone wrote, and those not picked up whose pick-up is not due yet",
            unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(min: 0.80), bands: StatusBands(greenMin: 0.80, redBelow: 0.60),
            changes: [
                DefinitionChange(
                    version: 1, date: CivilDate(year: 2026, month: 12, day: 5)!,
                    summary: "introduced: each lead's hand-off to the agent's first message, on the SLA of its tier; green from 80 %, as the staffing plan's default",
                    reason: "The first response is usually the AI's, seconds after the lead; comparing agents' speed (curriculum module 3) needs the agent's own"),
                DefinitionChange(
                    version: 2, date: CivilDate(year: 2026, month: 12, day: 5)!,
                    summary: "leads whose customer opted out or bought before the pick-up was due, and before anyone wrote, are left out (shown as closed_first); after it was due they still count as missed",
                    reason: "An agent must not text a customer who said stop, and the queue of leads waiting already left these out; counting them as not picked up blamed agents for leads they could not answer"),
                DefinitionChange(
                    version: 3, date: CivilDate(year: 2026, month: 12, day: 7)!,
                    summary: "a hand-off nobody has picked up whose SLA has not run out yet (on the policy's clock, as of the reading) is left out until it falls due",
                    reason: "Leads handed over after closing read as missed until the store opened, so the morning's daily report and pages showed the day before in red for leads no agent could yet have answered"),
            ]),
        KPIDefinition(
            key: .conversationLength, name: "Conversation length",
            formula: "mean messages sent plus received per lead, over leads created in the window that replied at least once",
            unit: .messages, reviewFrequency: "weekly",
            target: KPITarget(min: 5, max: 8), bands: StatusBands(greenMin: 5, greenMax: 8, redBelow: 3, redAbove: 12), changes: initial("introduced")),
        KPIDefinition(
            key: .optOutRate, name: "Opt-out rate",
            formula: "leads created in the window that got a message and opted out at any time (an opt-out event, a stop keyword, or a revocation in the customer's own words read by the consent classifier; once per lead, even if they opted back in later) / those that got a message",
            unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(max: 0.05), bands: StatusBands(greenMax: 0.05, redAbove: 0.08),
            changes: initial("introduced") + [
                DefinitionChange(
                    version: 2, date: CivilDate(year: 2026, month: 12, day: 1)!,
                    summary: "a reply counts as an opt-out when the consent classifier reads one (REVOKE, OPT OUT, \"please stop texting me\", \"take me off your list\"), not only a carrier keyword as the whole reply; stored replies were re-read",
                    reason: "TCPA: a clear revocation in any reasonable words is an opt-out, and the compliance audit already read it so"),
            ]),
        KPIDefinition(
            key: .complaintRate, name: "Complaint rate", formula: "complaints made in the window / outbound messages sent in the window",
            unit: .ratio, reviewFrequency: "daily",
            target: KPITarget(max: 0.01), bands: StatusBands(greenMax: 0.01, redAbove: 0.02), changes: initial("introduced")),
        KPIDefinition(
            key: .customerSatisfaction, name: "Customer satisfaction",
            formula: "average satisfaction rating (1-5) of the leads created in the window whose customer answered the survey, each lead's latest answer",
            unit: .rating, reviewFrequency: "weekly", target: KPITarget(min: 4.5), bands: StatusBands(greenMin: 4.5, redBelow: 4.0),
            changes: surveyIntroduced("green from 4.5, red below 4.0")),
        KPIDefinition(
            key: .netPromoterScore, name: "Net Promoter Score",
            formula: "promoters (9-10) less detractors (0-6) per 100 answers, from -100 to 100, over the leads created in the window whose customer said how likely they are to recommend the store (0-10, each lead's latest answer)",
            unit: .netScore, reviewFrequency: "monthly", target: KPITarget(min: 30), bands: StatusBands(greenMin: 30, redBelow: 0),
            changes: surveyIntroduced("green from +30, red below 0 (more detractors than promoters)")),
        KPIDefinition(
            key: .leadTemperatureScore, name: "Lead temperature score",
            formula: "average over the leads created in the window of each lead's temperature, 0-100: points for the CRM's tier (hot 30, warm 20, cold 10, none 15), a usable phone or e-mail (10), the car named (10), a first answer within 5 minutes (15), a reply (15), 3 or more replies (10) and an appointment (10), unless the configuration weighs them otherwise (noted below); a sale makes it 100, an opt-out or a complaint 0",
            unit: .score, reviewFrequency: "real-time", target: KPITarget(min: 60), bands: StatusBands(greenMin: 60, redBelow: 50),
            changes: [
                DefinitionChange(version: 1, date: introduced, summary: "reserved: weighted lead score", reason: "Targets from the Performance Monitoring & Optimization SOP"),
                DefinitionChange(
                    version: 2, date: CivilDate(year: 2026, month: 12, day: 4)!,
                    summary: "computed: each lead's points for intent, reachability, speed of the first answer and engagement, averaged over the window's leads; red below 50",
                    reason: "The SOP asks for a weighted score averaging above 60; its parts are the facts Pitwall records of every lead"),
            ]),
        KPIDefinition(
            key: .systemUptime, name: "System uptime",
            formula: "time no component was down / time watched, over the window up to now (down by a failing health probe or a system.status report of down; degraded counts as up)",
            unit: .ratio, reviewFrequency: "real-time", target: KPITarget(min: 0.999), bands: StatusBands(greenMin: 0.999, redBelow: 0.99),
            changes: systemChanges("operational time / total time")),
        KPIDefinition(
            key: .apiResponseTime, name: "API response time",
            formula: "mean of the api_response_time readings taken in the window (health probes and system.sample events), in seconds",
            unit: .seconds, reviewFrequency: "real-time", target: KPITarget(max: 0.5), bands: StatusBands(greenMax: 0.5, redAbove: 2),
            changes: systemChanges("mean API response time")),
        KPIDefinition(
            key: .databaseQueryTime, name: "Database query performance",
            formula: "mean of the database_query_time readings taken in the window (system.sample events), in seconds",
            unit: .seconds, reviewFrequency: "daily", target: KPITarget(max: 0.1), bands: StatusBands(greenMax: 0.1, redAbove: 0.5),
            changes: systemChanges("mean query time")),
    ])
}
