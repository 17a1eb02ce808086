extension AlertRule {
    /// The alert levels of the SOP's monitoring framework, as rules. Message rates look at
    /// today so far; cohort rates at the week before today, so that leads have had time to
    /// reply or opt out before they are judged; system readings at the last 15 minutes of
    /// each component. "Database errors" fires on the first one.
    public static let sopDefaults: [AlertRule] = [
        AlertRule(
            id: "message_failure_rate", name: "Message failure rate", subject: .kpi(.messageFailureRate), window: .today,
            direction: .above, warning: nil, critical: 0.10, minimumSample: 50),
        AlertRule(
            id: "message_delivery_rate", name: "Message delivery rate", subject: .kpi(.messageDeliveryRate), window: .today,
            direction: .below, warning: 0.95, critical: nil, minimumSample: 50),
        AlertRule(
            id: "opt_out_rate", name: "Opt-out rate", subject: .kpi(.optOutRate), window: AlertWindow(days: 7, skipRecentDays: 1),
            direction: .above, warning: 0.05, critical: 0.08, forSeconds: 600, clearForSeconds: 3600, minimumSample: 30),
        AlertRule(
            id: "lead_response_rate", name: "Lead response rate", subject: .kpi(.leadResponseRate), window: AlertWindow(days: 7, skipRecentDays: 1),
            direction: .below, warning: 0.20, critical: 0.15, forSeconds: 600, clearForSeconds: 3600, minimumSample: 30),
        AlertRule(
            id: "system_down", name: "Messaging system down", subject: .systemDown, window: .today, direction: .above, warning: nil, critical: 0,
            forSeconds: 60, clearForSeconds: 120, minimumSample: 1),
        // TCPA: any text after an opt-out (beyond one confirmation) is critical at once.
        AlertRule(
            id: "compliance_violations", name: "Texts after an opt-out", subject: .complianceViolations, window: .lastMinutes(24 * 60),
            direction: .above, warning: nil, critical: 0, forSeconds: 0, clearForSeconds: 0, minimumSample: 1),
        // Missing data (module 2 of the response-time curriculum): a store whose leads have
        // stopped coming in has a broken form, feed or webhook, and its scorecard would look
        // calm. Every gap between two leads is a chance for luck: a store of 40 leads a day has
        // 40 gaps a day, and a gap its pace says should have held k leads comes by chance with
        // probability e^-k. So warning at 8 (about 5 times a year for such a store) and critical
        // at 10 (under once a year); on a simulated group, 3 and 5 fired 2.2 and 0.4 times a
        // store-day. The usual pace is learned from the 4 weeks before today.
        AlertRule(
            id: "leads_stopped", name: "No leads coming in", subject: .leadsStopped, window: AlertWindow(days: 28, skipRecentDays: 1),
            direction: .above, warning: 8, critical: 10, forSeconds: 0, clearForSeconds: 0, minimumSample: 50),
        // A provider reports each text's fate within seconds, so a store's latest texts sent
        // more than 10 minutes ago without a verdict mean its status callbacks no longer reach
        // Pitwall (or the carrier's receipts stopped): the delivery rate then counts only the
        // few known and looks fine. The latest 20, not a fixed time, so a small store is judged
        // on as much as a large one (over the last 3 hours at most) and a large store's trouble
        // shows within minutes. About 1 in 100 texts never gets a verdict in the normal run; a
        // quarter unsettled is a warning and half is critical, on the Wilson bound of at least
        // 10, so a quiet night's few do not fire.
        AlertRule(
            id: "receipts_missing", name: "Delivery receipts missing", subject: .receiptsMissing(channels: [.sms, .email], latest: 20),
            window: .lastMinutes(180, skippingRecent: 10), direction: .above, warning: 0.25, critical: 0.5, forSeconds: 0, clearForSeconds: 600,
            minimumSample: 10),
        // The curriculum's "monitor concurrent lead load per agent and trigger alerts when
        // thresholds risk SLA violations": an agent holding more than the speed-to-lead
        // policy's agent_waiting_limit (10 unless configured) of last week's leads that no person
        // has answered is a warning, twice that critical. Five minutes over first, so a burst
        // being worked through does not page anyone; one agent an alert.
        AlertRule(
            id: "agent_overloaded", name: "Agent holding too many leads", subject: .agentsOverloaded, window: AlertWindow(days: 7),
            direction: .above, warning: 10, critical: 20, forSeconds: 300, clearForSeconds: 600, minimumSample: 0),
        // The change log's own verdict (`ChangeReview`): a process change whose figure is
        // clearly worse since, past chance over the whole log and net of the rest of the group
        // where it has enough, is a warning as soon as it reads so, one alert a change, for the
        // changes of the last 90 days (the change log's window). It clears when the verdict
        // does, or when the change is removed from the log.
        AlertRule(
            id: "change_worse", name: "A change made things worse", subject: .changesWorse, window: AlertWindow(days: 90),
            direction: .above, warning: 0, critical: nil, forSeconds: 0, clearForSeconds: 0, minimumSample: 1),
        // The SOP's storage space monitoring: the disk holding the database fills within 60
        // days at the last 4 weeks' pace of leads (warning) or within 14 (critical), or is
        // within its last 5 % (critical, as 0 days). Judged on the clock's rounds; a disk that
        // fills slowly needs no minutes of grace, and one given more room clears at once.
        AlertRule(
            id: "disk_filling", name: "Database disk filling", subject: .diskFilling, window: AlertWindow(days: StorageOutlook.recentDays),
            scope: .group, direction: .below, warning: StorageOutlook.warningDays, critical: StorageOutlook.criticalDays, forSeconds: 0,
            clearForSeconds: 0, minimumSample: 1),
        // The SOP's backup verification: once `pitwall backup` has noted a first backup, one
        // more than 26 hours old (a daily schedule with two hours' slack) is a warning and one
        // more than 3 days old critical. Until then it measures nothing: the storage outlook
        // says no backup is noted.
        AlertRule(
            id: "backup_overdue", name: "Backup overdue", subject: .backupOverdue, window: AlertWindow(days: 1), scope: .group,
            direction: .above, warning: 26, critical: 72, forSeconds: 0, clearForSeconds: 0, minimumSample: 1),
        // The SOP's monthly disaster recovery testing: once a first restore drill is noted, one
        // more than 35 days old (a month with slack) is a warning, more than 70 critical, and a
        // drill whose figures came out differently critical at once. Until the first drill it
        // measures nothing: the storage outlook says none is noted.
        AlertRule(
            id: "restore_drill_overdue", name: "Restore drill overdue", subject: .restoreDrillOverdue, window: AlertWindow(days: 1), scope: .group,
            direction: .above, warning: StorageOutlook.drillAgeDays, critical: 2 * StorageOutlook.drillAgeDays, forSeconds: 0, clearForSeconds: 0,
            minimumSample: 1),
        AlertRule(
            id: "database_errors", name: "Database errors", subject: .systemReading(metric: SystemMetric.databaseErrors.rawValue, statistic: .sum),
            window: .lastMinutes(15), scope: .group, direction: .above, warning: nil, critical: 0, forSeconds: 0, clearForSeconds: 900,
            minimumSample: 1),
        AlertRule(
            id: "api_response_time", name: "API response time",
            subject: .systemReading(metric: SystemMetric.apiResponseTime.rawValue, statistic: .mean), window: .lastMinutes(15), scope: .group,
            direction: .above, warning: 2, critical: nil, forSeconds: 300, clearForSeconds: 900, minimumSample: 5),
        AlertRule(
            id: "cpu_utilisation", name: "CPU usage", subject: .systemReading(metric: SystemMetric.cpuUtilisation.rawValue, statistic: .mean),
            window: .lastMinutes(15), scope: .group, direction: .above, warning: 0.9, critical: nil, forSeconds: 300, clearForSeconds: 900,
            minimumSample: 3),
        AlertRule(
            id: "memory_utilisation", name: "Memory usage", subject: .systemReading(metric: SystemMetric.memoryUtilisation.rawValue, statistic: .mean),
            window: .lastMinutes(15), scope: .group, direction: .above, warning: 0.9, critical: nil, forSeconds: 300, clearForSeconds: 900,
            minimumSample: 3),
    ]
}

extension AlertRule {
    /// The shipped agent-load rule with its thresholds at `limit` (the speed-to-lead policy's
    /// `agent_waiting_limit`) and twice it, so the alert and the page's "over limit" agree; any
    /// other rule, or one the configuration wrote itself, as it is.
    public func followingWaitingLimit(_ limit: Int) -> AlertRule {
        guard let shipped = Self.sopDefaults.first(where: { $0.id == id }), shipped.subject == .agentsOverloaded, self == shipped else { return self }
        var rule = self
        rule.warning = Double(limit)
        rule.critical = Double(2 * limit)
        return rule
    }
}
