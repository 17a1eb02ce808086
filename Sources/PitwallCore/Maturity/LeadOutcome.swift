/// What can happen to a lead some time after it came in, and what the lead-cohort KPIs
/// count: a window's figure keeps moving until its leads have had time for it.
public enum LeadOutcome: String, CaseIterable, Hashable, Sendable {
    case reply
    case appointment
    case optOut = "opt_out"
    case sale

    /// As a manager says it: "9 in 10 sales come within 12 days".
    public var plural: String {
        switch self {
        case .reply: "replies"
        case .appointment: "appointments"
        case .optOut: "opt-outs"
        case .sale: "sales"
        }
    }
}

extension KPIKey {
    /// The later outcome this KPI counts for its cohort, if any. Its rollup counter weighs
    /// each day's leads: conversion is over all leads, the others over leads contacted.
    public var laterOutcome: (outcome: LeadOutcome, cohort: RollupCounter)? {
        switch self {
        case .leadToSaleConversion: (.sale, .leads)
        case .leadResponseRate: (.reply, .contacted)
        case .appointmentSettingRate: (.appointment, .contacted)
        case .optOutRate: (.optOut, .contacted)
        default: nil
        }
    }
}
