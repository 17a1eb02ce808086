/// Every KPI of the SOP, by its stable key.
public enum KPIKey: String, CaseIterable, Hashable, Sendable, Comparable {
    case leadToSaleConversion = "lead_to_sale_conversion"
    case aiAssistedRevenueShare = "ai_assisted_revenue_share"
    case averageSaleValue = "average_sale_value"
    case leadResponseRate = "lead_response_rate"
    case appointmentSettingRate = "appointment_setting_rate"
    case appointmentShowRate = "appointment_show_rate"
    case messageDeliveryRate = "message_delivery_rate"
    case messageFailureRate = "message_failure_rate"
    case firstResponseTime = "first_response_time"
    case slaAttainment = "sla_attainment"
    case agentPickupWithinSLA = "agent_pickup_within_sla"
    case conversationLength = "conversation_length"
    case optOutRate = "opt_out_rate"
    case complaintRate = "complaint_rate"
    case customerSatisfaction = "customer_satisfaction"
    case netPromoterScore = "net_promoter_score"
    // Reserved for later releases: listed so the keys never change meaning.
    case leadTemperatureScore = "lead_temperature_score"
    case systemUptime = "system_uptime"
    case apiResponseTime = "api_response_time"
    case databaseQueryTime = "database_query_time"

    /// Read from health reports and system readings, not from the lead rollups.
    public var isSystemHealth: Bool { self == .systemUptime || self == .apiResponseTime || self == .databaseQueryTime }

    /// A share of things counted one by one (leads, messages, appointments), so how sure it
    /// is follows from how many it counts. Not revenue shares, averages or times.
    public var isShareOfCounts: Bool {
        switch self {
        case .leadToSaleConversion, .leadResponseRate, .appointmentSettingRate, .appointmentShowRate, .messageDeliveryRate, .messageFailureRate,
            .slaAttainment, .agentPickupWithinSLA, .optOutRate, .complaintRate:
            true
        default:
            false
        }
    }

    /// An average of one value a customer gave (a rating), what the team review sets an
    /// agent's against their colleagues' by the values' spread rather than as a share; with
    /// the word for what it is averaged over.
    public var averagedAnswers: (one: String, many: String)? {
        switch self {
        case .customerSatisfaction, .netPromoterScore: ("answer", "answers")
        default: nil
        }
    }

    /// Judged by each lead's tier SLA, so by a store's own SLAs where it has them.
    public var isHeldToSLA: Bool { self == .slaAttainment || self == .agentPickupWithinSLA }

    public static func < (lhs: KPIKey, rhs: KPIKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum KPIUnit: String, Hashable, Sendable {
    /// A fraction: 0.093 means 9.3 %.
    case ratio
    case seconds
    /// US dollars.
    case currency
    /// Messages per conversation.
    case messages
    case score
    /// A customer's rating, 1 to 5.
    case rating
    /// Promoters' share less detractors', in points from -100 to 100 (the Net Promoter Score).
    case netScore = "net_score"
}
