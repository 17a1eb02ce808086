import PitwallCore

extension TeamPage {
    /// One agent's figure of one compared KPI: the value and what it stands on, ▲ or ▼ against
    /// the store's other agents, and with an earlier window, the agent's own before (↑ or ↓
    /// when clearly moved); the hover says all of it in words.
    static func cell(_ key: KPIKey, of line: TeamReview.AgentLine, name: String, reading: TeamReading) -> Cell {
        let catalog = reading.configuration.kpiCatalog
        let definition = catalog[key]
        let comparison = line.comparison(key)
        let value = KPIFormatting.value(comparison?.result.value, unit: definition.unit)
        let others = KPIFormatting.value(comparison?.restValue, unit: definition.unit)
        let call = comparison?.call
        let counts = TeamReview.basis(key, comparison?.result.numerator, comparison?.result.denominator)
        let verdict =
            switch call {
            case .better?: "clearly better than the store's other agents."
            case .worse?: "clearly worse than the store's other agents."
            default:
                comparison?.chance == nil
                    ? "too few to compare (fewer than \(Int(TeamReview.smallestTested)) on either side)."
                    : "within what chance alone would make of the difference."
            }
        var title = "\(name), \(definition.name): \(value) (\(counts)) against \(others) for \(TeamReview.others(comparison?.leftOut ?? [], agentName: reading.agentName)) (\(TeamReview.basis(key, comparison?.restCounted, comparison?.restOf))): \(verdict)"
        var before: String?
        if let label = reading.comparedLabel {
            let then = comparison?.before
            // While this window's outcomes are still coming in, its change is judged where it is heading.
            let heading = comparison.flatMap { $0.result.maturity?.projected($0.result.value) }
            before =
                then?.value == nil
                ? "none before"
                : (heading.map { "heading for \(KPIFormatting.value($0, unit: definition.unit)), " } ?? "")
                    + "from \(KPIFormatting.value(then?.value, unit: definition.unit))"
            let moved =
                switch comparison?.progress {
                case .better?: "clearly better."
                case .worse?: "clearly worse."
                default: comparison?.changeChance == nil ? "too few (or too early) to tell a change." : "a change within chance."
                }
            let now = heading == nil ? "" : "now \(TeamReview.figure(comparison?.result, unit: definition.unit)); "
            title += " In \(label): \(then?.value == nil ? "no leads to count" : TeamReview.figure(then, unit: definition.unit)); \(now)\(moved)"
        }
        return Cell(
            key: key.rawValue, value: value, raw: comparison?.result.value.map(JSONWriter.format) ?? "",
            counts: counts, call: call?.rawValue ?? "",
            mark: call == .better ? "▲" : call == .worse ? "▼" : nil,
            before: before, progress: comparison?.progress?.rawValue ?? "",
            progressMark: comparison?.progress == .better ? "↑" : comparison?.progress == .worse ? "↓" : nil,
            title: title)
    }
}
