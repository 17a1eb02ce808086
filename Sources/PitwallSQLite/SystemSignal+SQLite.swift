import GRDB
import PitwallCore

extension SystemSignal {
    static let columns = "event_id, at, component, health, store_id, detail"
    static let insertSQL = "INSERT OR REPLACE INTO system_signal (\(columns)) VALUES (?,?,?,?,?,?)"

    init(row: Row) {
        self.init(
            eventID: EventID(row[0] as String), at: Timestamp(millisecondsSinceEpoch: row[1]),
            status: SystemStatus(component: row[2], health: row.choice(3) ?? .down, storeID: row.identifier(4), detail: row[5]))
    }

    func bind(to row: inout ParameterBinder) {
        row.bind(eventID.rawValue)
        row.bind(at.millisecondsSinceEpoch)
        row.bind(status.component)
        row.bind(status.health.rawValue)
        row.bind(status.storeID?.rawValue)
        row.bind(status.detail)
    }
}
