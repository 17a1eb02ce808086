/// What the SOP's optimisation strategies say to do about a KPI off its target, and where on
/// the dashboard to start: the recommendations of the weekly and monthly reports.
public struct KPIRemedy: Hashable, Sendable {
    /// What to do, in a sentence.
    public var action: String
    /// The dashboard page to start from, relative to Pitwall's address.
    public var path: String

    /// The remedy for `key` off target on `side` (below or above its band); nil where the SOP
    /// has nothing to do about it (a figure above a band that counts as good).
    public static func of(_ key: KPIKey, side: TargetSide) -> KPIRemedy? {
        let page = "/kpis/\(key.rawValue)"
        switch (key, side) {
        case (.leadResponseRate, .below):
            return KPIRemedy(
                action: "Rank the message templates by reply rate, retire the weakest and test one change at a time for at least a week; check the send times by hour.",
                path: page + "?by=hour")
        case (.firstResponseTime, .above), (.slaAttainment, .below):
            return KPIRemedy(
                action: "Find where leads wait: the hours and stores with slow first answers, and whether the AI assistant or people were late.",
                path: "/sla")
        case (.agentPickupWithinSLA, .below):
            return KPIRemedy(
                action: "Find the agents who take long to write to the leads handed to them, and check how many leads each holds and who is on shift.",
                path: "/team")
        case (.appointmentSettingRate, .below):
            return KPIRemedy(
                action: "Review when conversations are handed to people and how soon agents follow up on leads who replied.",
                path: "/follow-ups")
        case (.appointmentShowRate, .below):
            return KPIRemedy(action: "Confirm appointments the day before and the morning of; compare show rates by source.", path: page + "?by=source")
        case (.leadToSaleConversion, .below):
            return KPIRemedy(action: "Compare sources by the share that buy and move budget towards the ones that sell.", path: "/spend")
        case (.optOutRate, .above), (.complaintRate, .above):
            return KPIRemedy(
                action: "Send fewer follow-ups, space them further apart and check consent; see which sources and campaigns opt out most.",
                path: page + "?by=campaign")
        case (.messageDeliveryRate, .below), (.messageFailureRate, .above):
            return KPIRemedy(
                action: "Ask the SMS provider about the failures; check number registration and the contact data of the sources that fail most.",
                path: "/contacts")
        case (.conversationLength, .below):
            return KPIRemedy(action: "Conversations end early: review the follow-up sequence and its spacing.", path: page + "?by=campaign")
        case (.conversationLength, .above):
            return KPIRemedy(action: "Conversations run long: hand leads to people sooner, at the first buying question.", path: page + "?by=agent")
        case (.aiAssistedRevenueShare, .below):
            return KPIRemedy(action: "Fewer buyers talked with the AI assistant: check that every new lead is texted and that replies reach it.", path: page)
        case (.averageSaleValue, .below):
            return KPIRemedy(action: "Check the mix of new and used, and which sources bring the smaller sales.", path: page + "?by=vehicle_condition")
        case (.leadTemperatureScore, .below):
            return KPIRemedy(action: "Fewer warm leads: compare the sources' lead temperature and their cost.", path: page + "?by=source")
        case (.customerSatisfaction, .below), (.netPromoterScore, .below):
            // The curriculum's trade-off of speed against quality: the breakdown by response time
            // shows whether slow answers or something else make customers unhappy.
            return KPIRemedy(
                action: "See whether the customers answered late rate the store lower, then read the conversations of those who rated it 1 or 2 and call them back.",
                path: page + "?by=response_bucket")
        case (.systemUptime, .below), (.apiResponseTime, .above), (.databaseQueryTime, .above):
            return KPIRemedy(action: "For the engineers: review the outages and slow periods of the messaging platform.", path: page)
        default:
            return nil
        }
    }
}
