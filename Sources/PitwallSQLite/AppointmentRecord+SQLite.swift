import GRDB
import PitwallCore

extension AppointmentRecord {
    static let columns = """
        appointment_id, lead_id, set_at, set_event_id, scheduled_for, schedule_event_at, schedule_event_id,
        outcome, outcome_at, outcome_event_id
        """
    static let insertSQL = "INSERT OR REPLACE INTO appointment (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?)"
    static let selectByIDSQL = "SELECT \(columns) FROM appointment WHERE appointment_id = ?"

    init(row: Row) {
        self.init(appointmentID: AppointmentID(row[0] as String), leadID: LeadID(row[1] as String))
        setAt = row.timestamp(2)
        setKey = row.orderKey(time: 2, id: 3)
        scheduledFor = row.timestamp(4)
        scheduleKey = row.orderKey(time: 5, id: 6)
        outcome = row.choice(7) ?? .scheduled
        outcomeAt = row.timestamp(8)
        outcomeKey = row.orderKey(time: 8, id: 9)
    }

    func bind(to row: inout ParameterBinder) {
        row.bind(appointmentID.rawValue)
        row.bind(leadID.rawValue)
        row.bind(setAt.databaseValue)
        row.bind(setKey?.eventID.rawValue)
        row.bind(scheduledFor.databaseValue)
        row.bind(scheduleKey?.occurredAt.millisecondsSinceEpoch)
        row.bind(scheduleKey?.eventID.rawValue)
        row.bind(outcome.rawValue)
        row.bind(outcomeAt.databaseValue)
        row.bind(outcomeKey?.eventID.rawValue)
    }
}
