/// How the names under a bar chart's bars are set. Level when the longest fits its bar's
/// slot; otherwise turned 45 degrees, reading upwards, so that every bar keeps its name. (A
/// breakdown by source that dropped every other level name left half its bars unnamed.)
struct BarNames {
    /// Of the 11-pixel labels: an average character's width, and the least distance between
    /// two turned names' baselines for them not to overlap.
    static let characterWidth = 6.5
    static let lineSpacing = 12.0
    /// Longer names end in "…"; the bar's tooltip has the whole name.
    static let longestShown = 24
    /// The room a row of level names takes under the axis.
    static let levelDepth = 28.0
    private static let turn = 0.5.squareRoot()

    /// The names as drawn (cut to `longestShown`).
    let shown: [String]
    let turned: Bool
    /// The room the names take under the axis.
    let depth: Double
    /// How far the widest turned name reaches left of its bar's centre.
    let reach: Double
    /// Every `every`th name is drawn: 1 unless even turned names would overlap.
    let every: Int

    init(_ names: [String], slotWidth: Double) {
        shown = names.map(Self.cut)
        let widest = Double(shown.map(\.count).max() ?? 1) * Self.characterWidth
        turned = widest + 8 > slotWidth
        guard turned else {
            depth = Self.levelDepth
            reach = 0
            every = 1
            return
        }
        // A turned name runs down and to the left of its bar, as far across as down.
        reach = widest * Self.turn
        depth = 12 + reach + 6
        every = Swift.max(1, Int((Self.lineSpacing / (slotWidth * Self.turn)).rounded(.up)))
    }

    static func cut(_ name: String) -> String {
        name.count > longestShown ? String(name.prefix(longestShown - 1)) + "…" : name
    }
}
