import GRDB
import PitwallCore

extension SaleRecord {
    static let columns = """
        sale_id, lead_id, closed_at, amount_cents, has_vehicle, vehicle_condition, vehicle_make, vehicle_model,
        vehicle_year, vehicle_extras, defining_event_id
        """
    static let insertSQL = "INSERT OR REPLACE INTO sale (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    static let selectByIDSQL = "SELECT \(columns) FROM sale WHERE sale_id = ?"

    init(row: Row) {
        let closedAt = row.timestamp(2) ?? Timestamp(millisecondsSinceEpoch: 0)
        let vehicle: Vehicle? =
            (row[4] as Bool) ? Vehicle(condition: row.choice(5), make: row[6], model: row[7], year: row[8], extras: row.extras(9)) : nil
        self.init(
            saleID: SaleID(row[0] as String), leadID: LeadID(row[1] as String), closedAt: closedAt,
            amount: Money(cents: row[3]), vehicle: vehicle,
            definingKey: EventOrderKey(occurredAt: closedAt, eventID: EventID(row[10] as String)))
    }

    func bind(to row: inout ParameterBinder) {
        row.bind(saleID.rawValue)
        row.bind(leadID.rawValue)
        row.bind(closedAt.millisecondsSinceEpoch)
        row.bind(amount.cents)
        row.bind(vehicle != nil)
        row.bind(vehicle?.condition?.rawValue)
        row.bind(vehicle?.make)
        row.bind(vehicle?.model)
        row.bind(vehicle?.year)
        row.bind(vehicle?.extras.jsonTextIfAny)
        row.bind(definingKey.eventID.rawValue)
    }
}
