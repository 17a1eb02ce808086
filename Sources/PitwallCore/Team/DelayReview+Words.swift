extension DelayReview.Step {
    /// "Reported 3 times by 2 of 6 agents, about 4 min on every lead handed to an agent: some
    /// 16 h of agents' time a week at 240 leads a week." What the step costs, for every view.
    public func costWords(agentName: (String) -> String) -> String {
        let who: String
        let named = agents
        if named.isEmpty {
            who = "the team"
        } else if let total = workload?.agents, total >= named.count, named.count > 1 {
            who = "\(named.count) of \(total) agents" + (named.count <= 3 ? " (\(KPIFormatting.spokenList(named.map(agentName))))" : "")
        } else {
            who = KPIFormatting.spokenList(named.map(agentName))
        }
        let leads = share >= 1 ? "every lead" : "\(KPIFormatting.percent(share)) of the leads"
        var words = "Reported \(reports.count == 1 ? "once" : "\(reports.count) times") by \(who), about "
            + "\(KPIFormatting.duration(seconds: minutes * 60)) on \(leads) handed to an agent"
        if let hoursAWeek, let workload {
            words += ": some \(KPIFormatting.duration(seconds: hoursAWeek * 3_600)) of agents' time a week at "
                + "\(KPIFormatting.count(Int(workload.leadsAWeek.rounded()), "lead", "leads")) a week."
        } else {
            words += "; no lead was handed to an agent there in the last \(DelayReview.Workload.weeks) weeks to reckon a week's cost by."
        }
        return words
    }

    /// What became of it: nothing recorded yet, or the change and whether its figure moved.
    public func statusWords(catalog: KPICatalog) -> String {
        if let missingChange {
            return "It names the change '\(missingChange)', which is not in the change log: record the fix on the change log and name it here."
        }
        guard let outcome = change else {
            return "Nothing is recorded against it yet: once it is fixed, record the fix on the change log and name it here, so its effect is measured."
        }
        let figure = catalog[outcome.change.figure].nameInSentence
        var words = "Addressed by '\(outcome.change.title)' (\(LocalTimeFormatting.longDate(outcome.change.day))): "
        switch outcome.verdict {
        case .better: words += "\(figure) better since."
        case .worse: words += "\(figure) worse since: undo it, or find out why."
        case .noClearChange: words += "no clear change in \(figure) since."
        case .tooEarly: words += "too early to tell what it did to \(figure)."
        }
        let since = reportsSinceChange
        if since > 0 { words += " Still reported \(since == 1 ? "once" : "\(since) times") since." }
        return words
    }

    /// The step at its store, then both sentences.
    public func words(catalog: KPICatalog, storeName: String?, agentName: (String) -> String) -> String {
        let place = storeName.map { " at \($0)" } ?? ""
        return "\(step)\(place): \(costWords(agentName: agentName)) \(statusWords(catalog: catalog))"
    }
}

extension DelayReview {
    /// One line a step, the costliest open one first; or that none was reported.
    public func findings(catalog: KPICatalog, storeName: ((StoreID) -> String)?, agentName: (String) -> String, windowLabel: String) -> [String] {
        guard !steps.isEmpty else { return ["No delay reported for \(windowLabel)."] }
        return Self.words(of: steps, catalog: catalog, storeName: storeName, agentName: agentName)
    }

    /// Each of `steps` in words, named with its store when `storeName` is given.
    public static func words(
        of steps: some Sequence<Step>, catalog: KPICatalog, storeName: ((StoreID) -> String)?, agentName: (String) -> String
    ) -> [String] {
        steps.map { step in step.words(catalog: catalog, storeName: storeName.map { name in name(step.store) }, agentName: agentName) }
    }
}
