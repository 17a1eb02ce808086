extension JSONWriter {
    /// A KPI's `maturity` member: how far its leads have come, and whether the figure can be
    /// held against its target yet.
    mutating func maturity(_ maturity: CohortMaturity, of value: Double?, definition: KPIDefinition) {
        key("maturity")
        beginObject()
        member("outcome", maturity.outcome.rawValue)
        key("share_in")
        number(maturity.shareIn)
        key("still_coming_in")
        bool(maturity.isStillComingIn)
        key("too_early_to_judge")
        bool(maturity.isTooEarlyToJudge(value, definition: definition))
        optionalNumber("projected", maturity.projected(value))
        key("projected_status")
        if let status = maturity.projectedStatus(value, bands: definition.bands) { string(status.rawValue) } else { null() }
        key("typical_delay_seconds")
        number(maturity.typicalDelay)
        key("measured_on")
        integer(Int64(maturity.measuredOn))
        member("settles_on", maturity.settlesOn.description)
        key("measured_in")
        if let dimension = maturity.measuredIn { string(dimension.rawValue) } else { null() }
        endObject()
    }
}
