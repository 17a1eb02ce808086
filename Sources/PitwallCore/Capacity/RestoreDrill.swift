/// One rehearsal of a disaster: a backup restored into a scratch file, opened as a server
/// would open it, and its figures counted again from its leads to see that they are the ones
/// its pages would have shown. The SOP's monthly "disaster recovery testing" reads the latest;
/// the time it took is roughly how long a real restore keeps the server down.
public struct RestoreDrill: Hashable, Sendable {
    /// When the drill finished.
    public var at: Timestamp
    /// The backup restored (absolute path).
    public var backupFile: String
    public var backupBytes: Int64
    /// Copying the backup into place and opening it (an older backup is migrated then).
    public var restoreSeconds: Double
    /// Counting every store's KPI days again from the restored leads.
    public var recountSeconds: Double
    public var events: Int
    public var leads: Int
    /// KPI figures (numerators and denominators over the backup's whole history) compared.
    public var figuresCompared: Int
    /// Each figure that came out differently, in words; empty when the drill passed.
    public var mismatches: [String]

    public init(
        at: Timestamp, backupFile: String, backupBytes: Int64, restoreSeconds: Double, recountSeconds: Double, events: Int, leads: Int,
        figuresCompared: Int, mismatches: [String]
    ) {
        self.at = at
        self.backupFile = backupFile
        self.backupBytes = backupBytes
        self.restoreSeconds = restoreSeconds
        self.recountSeconds = recountSeconds
        self.events = events
        self.leads = leads
        self.figuresCompared = figuresCompared
        self.mismatches = mismatches
    }

    public var passed: Bool { mismatches.isEmpty }

    /// The figures of the report read before the recount against those after: each KPI's
    /// numerator and denominator, every difference named ("lead_to_sale_conversion: 1,203 /
    /// 15,040 as restored, 1,204 / 15,040 counted again").
    public static func compare(asRestored: KPIReport, countedAgain: KPIReport) -> (compared: Int, mismatches: [String]) {
        let before = Dictionary((asRestored.groups.first?.results ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary((countedAgain.groups.first?.results ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var compared = 0
        var mismatches: [String] = []
        for key in Set(before.keys).union(after.keys).sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let restored = before[key], let recounted = after[key] else {
                mismatches.append("\(key.rawValue): in only one of the two")
                continue
            }
            compared += 2
            // Sums of amounts may be added up in another order: equal to a part in a billion.
            if !same(restored.numerator, recounted.numerator) || !same(restored.denominator, recounted.denominator) {
                mismatches.append("\(key.rawValue): \(figure(restored)) as restored, \(figure(recounted)) counted again")
            }
        }
        return (compared, mismatches)
    }

    private static func same(_ left: Double?, _ right: Double?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        return abs(left - right) <= 1e-9 * max(abs(left), abs(right), 1)
    }

    private static func figure(_ result: KPIResult) -> String {
        let number = { (value: Double?) in
            value.map { $0 == $0.rounded() && abs($0) < 1e15 ? KPIFormatting.grouped(Int64($0)) : KPIFormatting.decimal($0, places: 2) } ?? "none"
        }
        return "\(number(result.numerator)) / \(number(result.denominator))"
    }
}
