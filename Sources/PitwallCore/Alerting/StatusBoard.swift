/// Red, yellow, green, or grey when there is not enough data to say.
public enum BoardColour: String, Hashable, Sendable, Comparable {
    case grey, green, yellow, red

    public static func < (lhs: BoardColour, rhs: BoardColour) -> Bool {
        let order: [BoardColour] = [.grey, .green, .yellow, .red]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

extension BoardColour {
    /// An alert's colour: critical firing red, a warning or a pending alert yellow, waiting
    /// for data grey, fine green.
    public init(_ condition: AlertCondition, severity: AlertSeverity?) {
        switch condition {
        case .firing: self = severity == .critical ? .red : .yellow
        case .pending: self = .yellow
        case .ok, .resolved: self = .green
        case .noData: self = .grey
        }
    }
}

/// One tile of the status board: a store, or the messaging system.
public struct BoardTile: Hashable, Sendable {
    public var name: String
    public var storeID: StoreID?
    public var colour: BoardColour
    /// Why, in words, worst first; empty when green.
    public var reasons: [String]
}

/// The SOP's real-time monitoring dashboard in one answer: each store, and the system,
/// red / yellow / green / grey from the alert statuses. Pure.
public struct StatusBoard: Sendable {
    public var system: BoardTile
    public var stores: [BoardTile]

    /// Red: a critical alert fires. Yellow: a warning fires, or something is pending.
    /// Green: every rule with data is fine. Grey: no rule has enough data yet.
    /// `time` writes the instants in the reasons (the API's RFC 3339 by default; the dashboard's local clock).
    public init(
        statuses: [AlertStatus], rules: [AlertRule], stores: [StoreProfile], catalog: KPICatalog,
        names sourcesAndAgents: DisplayNames = DisplayNames(), time: (Timestamp) -> String = { $0.rfc3339 }
    ) {
        let rulesByID = rules.byID
        let names = Dictionary(stores.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func tile(name: String, storeID: StoreID?, statuses: [AlertStatus]) -> BoardTile {
            var colour = BoardColour.grey
            var reasons: [(BoardColour, String)] = []
            // The system tile gathers every store's checks: a check failing at many stores at
            // once is one cause, told in one line; the stores' own tiles give each one's details.
            var manyStores: [String: (shade: BoardColour, name: String, stores: [String])] = [:]
            if storeID == nil {
                let failing = statuses.filter { [.red, .yellow].contains(BoardColour($0.condition, severity: $0.severity)) && $0.segment.store != nil }
                for (ruleID, same) in Dictionary(grouping: failing, by: \.ruleID)
                where AlertSegment.spanManyStores(same.map(\.segment)) {
                    let stores = Set(same.compactMap(\.segment.store)).map { names[$0] ?? $0.rawValue }.sorted()
                    let shade = same.map { BoardColour($0.condition, severity: $0.severity) }.max()!
                    manyStores[ruleID] = (shade, rulesByID[ruleID]?.name ?? ruleID, stores)
                }
            }
            for (_, many) in manyStores {
                reasons.append((many.shade, "\(many.name) at \(many.stores.count) stores: \(many.stores.joined(separator: ", "))"))
            }
            for status in statuses {
                let rule = rulesByID[status.ruleID]
                let shade = BoardColour(status.condition, severity: status.severity)
                colour = max(colour, shade)
                if shade == .red || shade == .yellow {
                    if status.segment.store != nil, manyStores[status.ruleID] != nil { continue }
                    var reason = Self.reason(status, rule: rule, catalog: catalog, names: sourcesAndAgents, time: time)
                    if storeID == nil, let store = status.segment.store { reason = "\(names[store] ?? store.rawValue): \(reason)" }
                    reasons.append((shade, reason))
                }
            }
            return BoardTile(
                name: name, storeID: storeID, colour: colour,
                reasons: reasons.sorted { ($0.0, $1.1) > ($1.0, $0.1) }.map(\.1))
        }
        let systemStatuses = statuses.filter { rulesByID[$0.ruleID]?.subject.isSystemCheck ?? false }
        system = tile(name: "Messaging system", storeID: nil, statuses: systemStatuses)
        self.stores = stores.map { store in
            tile(name: store.name, storeID: store.id, statuses: statuses.filter { $0.segment.store == store.id })
        }
    }

    /// "Message failure rate is 20.0 % on 100 (critical above 10.0 %), firing since ..."
    static func reason(_ status: AlertStatus, rule: AlertRule?, catalog: KPICatalog, names: DisplayNames, time: (Timestamp) -> String) -> String {
        guard let rule else { return "\(status.ruleID) \(status.condition.rawValue)" }
        let measurement = status.measurement
        var text: String
        if let unit = rule.unit(in: catalog) {
            text = "\(rule.name) is \(KPIFormatting.value(measurement?.value, unit: unit))"
            let threshold = (status.severity == .critical ? rule.critical : rule.warning).flatMap { value in
                status.severity.map { "\($0.rawValue) \(rule.direction.rawValue) \(KPIFormatting.value(value, unit: unit))" }
            }
            if case .kpi = rule.subject {
                if let sample = measurement?.sample { text += " on \(sample)" }
                if let threshold { text += " (\(threshold))" }
            } else {
                if let note = measurement?.note { text += " (\(note))" }
                if let threshold { text += ", \(threshold)" }
            }
        } else {
            text = measurement?.note ?? "a component is down"
        }
        // A receipts note names its channel ("texts") already.
        if let breakdown = status.segment.breakdown(in: names), !rule.subject.namesItsBreakdown { text += " for \(breakdown)" }
        switch status.condition {
        case .pending: text += ", pending since \(time(status.since))"
        case .firing: text += ", firing since \(time(status.since))" + (status.acknowledgement.map { ", acknowledged by \($0.by)" } ?? "")
        default: break
        }
        return text
    }
}

extension StatusBoard {
    /// Every reason the board gives, the messaging system's first, each store's after its
    /// name: what a report lists as open. A store's messaging trouble is on its own tile and,
    /// named, on the system's: said once.
    public var openReasons: [String] {
        var said = Set<String>()
        return (system.reasons + stores.flatMap { tile in tile.reasons.map { "\(tile.name): \($0)" } }).filter { said.insert($0).inserted }
    }
}
