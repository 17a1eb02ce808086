extension TeamReview {
    /// What the review found, in words for the BDC manager's weekly team meeting: who to coach
    /// on what, whose way to pass on (one line an agent, the clearest first, at most `limit`
    /// agents of each), or that no agent stands apart from their store's others by more than
    /// chance.
    public func findings(
        catalog: KPICatalog, agentName: (String) -> String, storeName: (StoreID) -> String, showsStore: Bool, limit: Int = 5
    ) -> [String] {
        func clause(_ comparison: Comparison) -> String {
            let definition = catalog[comparison.key]
            let mine = KPIFormatting.value(comparison.result.value, unit: definition.unit)
            let theirs = KPIFormatting.value(comparison.restValue, unit: definition.unit)
            return "\(definition.nameInSentence) \(mine) (\(Self.basis(comparison.key, comparison.result.numerator, comparison.result.denominator)))"
                + " against \(theirs) for \(Self.others(comparison.leftOut, agentName: agentName)) (\(Self.basis(comparison.key, comparison.restCounted, comparison.restOf)))"
        }
        func lines(_ direction: ChangeDirection, _ lead: String, _ more: String) -> [String] {
            Self.agentLines(calls(direction), clause: clause, lead: lead, more: more, limit: limit) {
                agentName($0.agent) + (showsStore ? " (\(storeName($0.store)))" : "")
            }
        }
        var lines = lines(.worse, "To coach,", "to coach") + lines(.better, "To pass on,", "whose way to pass on")
        let tested = testedAgents
        if lines.isEmpty {
            lines.append(
                tested == 0
                    ? "No agent has \(Int(Self.smallestTested)) leads to compare yet: too few to tell anyone apart."
                    : "None of the \(KPIFormatting.count(tested, "agent", "agents")) with enough leads stands apart from their store's other agents by more than chance.")
        }
        let untested = agents.count - tested
        if untested > 0 {
            lines.append("\(KPIFormatting.count(untested, "agent has", "agents have")) too few leads to compare (fewer than \(Int(Self.smallestTested))).")
        }
        return lines
    }

    /// What changed against each agent's own before (`before`: "October 2026", "6 Oct – 4 Nov
    /// 2026"), for the monthly review of whether coaching took: who improved on what, who
    /// slipped, past chance over every change of the review; or that nobody moved that far.
    /// Empty when the review was not set beside an earlier window.
    public func progressFindings(
        catalog: KPICatalog, agentName: (String) -> String, storeName: (StoreID) -> String, showsStore: Bool, before: String, limit: Int = 5
    ) -> [String] {
        guard agents.contains(where: { $0.comparisons.contains { $0.before != nil } }) else { return [] }
        func clause(_ comparison: Comparison) -> String {
            let definition = catalog[comparison.key]
            return "\(definition.nameInSentence) \(Self.figure(comparison.result, unit: definition.unit)), from \(Self.figure(comparison.before, unit: definition.unit))"
        }
        let lines = [(ChangeDirection.better, "Better than in", "better than before"), (.worse, "Worse than in", "worse than before")].flatMap { direction, lead, more in
            Self.agentLines(progress(direction), clause: clause, lead: "\(lead) \(before),", more: more, limit: limit) {
                agentName($0.agent) + (showsStore ? " (\(storeName($0.store)))" : "")
            }
        }
        guard lines.isEmpty else { return lines }
        let tested = agentsTestedForProgress
        return [
            tested == 0
                ? "No agent has \(Int(Self.smallestTested)) leads in both \(before) and this window: too few to tell whether anyone moved."
                : "None of the \(KPIFormatting.count(tested, "agent", "agents")) with enough leads in both moved from \(before) by more than chance."
        ]
    }

    /// One line an agent, their clearest call first and the agents in that order too, at
    /// most `limit` agents and a line saying how many more.
    private static func agentLines(
        _ calls: [(line: AgentLine, comparison: Comparison)], clause: (Comparison) -> String, lead: String, more: String, limit: Int,
        who: (AgentLine) -> String
    ) -> [String] {
        var order: [AgentLine] = []
        var clauses: [String: [String]] = [:]
        func id(_ line: AgentLine) -> String { "\(line.store.rawValue)\u{1F}\(line.agent)" }
        for (line, comparison) in calls {
            if clauses[id(line)] == nil { order.append(line) }
            clauses[id(line), default: []].append(clause(comparison))
        }
        var text = order.prefix(limit).map { line in "\(lead) \(who(line)): " + clauses[id(line)]!.joined(separator: "; ") + "." }
        if order.count > limit { text.append("\(KPIFormatting.count(order.count - limit, "more agent", "more agents")) \(more): see Agents side by side (/team).") }
        return text
    }

    /// "the store's other agents", "the store's other agents but Ben Adams and Omar Ruiz": who
    /// a figure was set against, those found apart themselves left out.
    public static func others(_ leftOut: [String], agentName: (String) -> String) -> String {
        guard !leftOut.isEmpty else { return "the store's other agents" }
        return "the store's other agents but " + KPIFormatting.spokenList(leftOut.map(agentName))
    }

    /// "30% (60 of 200)", or while its outcomes are still coming in, where it is heading:
    /// "heading for 11% (5 of 90 so far)".
    public static func figure(_ result: KPIResult?, unit: KPIUnit) -> String {
        let counts = result.map { basis($0.key, $0.numerator, $0.denominator) } ?? counts(nil, nil)
        if let heading = result?.maturity?.projected(result?.value) { return "heading for \(KPIFormatting.value(heading, unit: unit)) (\(counts) so far)" }
        return "\(KPIFormatting.value(result?.value, unit: unit)) (\(counts))"
    }

    /// What a figure stands on: "25 of 410" for a share, "38 answers" for a rating.
    public static func basis(_ key: KPIKey, _ counted: Double?, _ of: Double?) -> String {
        guard let words = key.averagedAnswers else { return counts(counted, of) }
        return KPIFormatting.count(Int((of ?? 0).rounded()), words.one, words.many)
    }

    /// "25 of 410".
    public static func counts(_ counted: Double?, _ of: Double?) -> String {
        "\(KPIFormatting.grouped(Int64((counted ?? 0).rounded()))) of \(KPIFormatting.grouped(Int64((of ?? 0).rounded())))"
    }
}
