import GRDB
import PitwallCore

extension SystemSample {
    static let columns = "event_id, at, component, metric, value, store_id"
    static let insertSQL = "INSERT OR REPLACE INTO system_sample (\(columns)) VALUES (?,?,?,?,?,?)"

    init(row: Row) {
        self.init(
            eventID: EventID(row[0] as String), at: Timestamp(millisecondsSinceEpoch: row[1]),
            reading: SystemReading(component: row[2], metric: row[3], value: row[4], storeID: row.identifier(5)))
    }

    func bind(to row: inout ParameterBinder) {
        row.bind(eventID.rawValue)
        row.bind(at.millisecondsSinceEpoch)
        row.bind(reading.component)
        row.bind(reading.metric)
        row.bind(reading.value)
        row.bind(reading.storeID?.rawValue)
    }
}
