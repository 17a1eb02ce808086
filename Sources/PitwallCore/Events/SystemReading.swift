/// One measurement a part of the system reports about itself, as of `occurred_at`.
public struct SystemReading: Hashable, Sendable, Codable {
    /// Which part: `sms_gateway`, `crm_api`, `database`, ...
    public var component: String
    /// What was measured; the names Pitwall knows are in `SystemMetric`, others are kept.
    public var metric: String
    public var value: Double
    /// The store affected; nil for all stores.
    public var storeID: StoreID?

    public init(component: String, metric: String, value: Double, storeID: StoreID? = nil) {
        self.component = component
        self.metric = metric
        self.value = value
        self.storeID = storeID
    }

    /// System readings are filed under their component, like health reports.
    public static func ledgerKey(component: String) -> LeadID { SystemStatus.ledgerKey(component: component) }
}

/// The measurements Pitwall understands, with their units.
public enum SystemMetric: String, CaseIterable, Hashable, Sendable {
    /// Seconds one API request took (or the average over the reporting interval).
    case apiResponseTime = "api_response_time"
    /// Seconds one database query took (or the average over the interval).
    case databaseQueryTime = "database_query_time"
    /// Database errors since the previous reading.
    case databaseErrors = "database_errors"
    /// CPU in use, as a fraction of what the host has (0.85 = 85 %).
    case cpuUtilisation = "cpu_utilisation"
    /// Memory in use, as a fraction of what the host has.
    case memoryUtilisation = "memory_utilisation"

    /// Checked at the door, so a fraction sent as a percentage is refused rather than read as 8,500 %.
    public var validRange: ClosedRange<Double> {
        switch self {
        case .apiResponseTime, .databaseQueryTime: 0...86_400
        case .databaseErrors: 0...1e12
        case .cpuUtilisation, .memoryUtilisation: 0...1
        }
    }

    /// How a value is shown to people.
    public var displayUnit: KPIUnit {
        switch self {
        case .apiResponseTime, .databaseQueryTime: .seconds
        case .databaseErrors: .score
        case .cpuUtilisation, .memoryUtilisation: .ratio
        }
    }

    public var unitDescription: String {
        switch self {
        case .apiResponseTime, .databaseQueryTime: "seconds"
        case .databaseErrors: "a count since the previous reading"
        case .cpuUtilisation, .memoryUtilisation: "a fraction from 0 to 1"
        }
    }
}
