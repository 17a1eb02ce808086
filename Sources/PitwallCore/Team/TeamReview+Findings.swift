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
            return "\(definition.nameInSentence) \(mine) (\(Self.counts(comparison.result.numerator, comparison.result.denominator)))"
                + " against \(theirs) for \(Self.others(comparison.leftOut, agentName: agentName)) (\(Self.counts(comparison.restCounted, comparison.restOf)))"
        }
        // One line an agent, their clearest difference first; the agents in that order too.
        func lines(_ direction: ChangeDirection, _ lead: String, _ more: String) -> [String] {
            var order: [AgentLine] = []
            var clauses: [String: [String]] = [:]
            for (line, comparison) in calls(direction) {
                let id = "\(line.store.rawValue)\u{1F}\(line.agent)"
                if clauses[id] == nil { order.append(line) }
                clauses[id, default: []].append(clause(comparison))
            }
            var text = order.prefix(limit).map { line in
                let who = agentName(line.agent) + (showsStore ? " (\(storeName(line.store)))" : "")
                return "\(lead) \(who): " + clauses["\(line.store.rawValue)\u{1F}\(line.agent)"]!.joined(separator: "; ") + "."
            }
            if order.count > limit { text.append("\(KPIFormatting.count(order.count - limit, "more agent", "more agents")) \(more): see Agents side by side (/team).") }
            return text
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

    /// "the store's other agents", "the store's other agents but Ben Adams and Omar Ruiz": who
    /// a figure was set against, those found apart themselves left out.
    public static func others(_ leftOut: [String], agentName: (String) -> String) -> String {
        let names = leftOut.map(agentName)
        guard let last = names.last else { return "the store's other agents" }
        return "the store's other agents but " + (names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last)
    }

    /// "25 of 410".
    public static func counts(_ counted: Double?, _ of: Double?) -> String {
        "\(KPIFormatting.grouped(Int64((counted ?? 0).rounded()))) of \(KPIFormatting.grouped(Int64((of ?? 0).rounded())))"
    }
}
