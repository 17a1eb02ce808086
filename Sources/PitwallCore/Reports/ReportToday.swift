/// What the sales team's day holds, as the morning's daily report tells it (the SOP's "hot
/// lead priorities", "appointment schedule", "action items and follow-ups").
public struct ReportToday: Hashable, Sendable {
    public var date: CivilDate
    /// Appointments booked for today, on each store's clock.
    public var appointments: Int
    /// Answered leads of the last week still open: no appointment, no sale, not opted out.
    public var followUps: Int
    /// The warmest of them, to call first.
    public var warmest: [Lead]
    /// Today's open hours the roster leaves short of agents for the leads expected, in words,
    /// the largest gap first (the outlook's staffing); empty without a roster or a gap.
    public var shortOfAgents: [String] = []

    /// How many of the warmest the report lists.
    public static let listed = 5

    /// The days whose leads are followed up: the week to today, as the follow-ups page lists.
    public static func followUpDays(today: CivilDate) -> ClosedRange<CivilDate> { today.adding(days: -6)...today }

    public struct Lead: Hashable, Sendable {
        public var leadID: LeadID
        public var storeName: String
        public var source: String
        public var temperature: Int
        public var replies: Int
        public var agent: String?

        public init(leadID: LeadID, storeName: String, source: String, temperature: Int, replies: Int, agent: String?) {
            self.leadID = leadID
            self.storeName = storeName
            self.source = source
            self.temperature = temperature
            self.replies = replies
            self.agent = agent
        }

        /// "W-0 at Lakeside Toyota from Facebook Ads: temperature 45, 1 reply, agent Maria".
        public var line: String {
            "\(leadID.rawValue) at \(storeName) from \(source): temperature \(temperature), \(KPIFormatting.count(replies, "reply", "replies"))"
                + (agent.map { ", agent \($0)" } ?? ", no agent yet")
        }
    }

    public init(date: CivilDate, appointments: Int, followUps: Int, warmest: [Lead]) {
        self.date = date
        self.appointments = appointments
        self.followUps = followUps
        self.warmest = warmest
    }

    /// "For today, Fri 4 Dec 2026".
    public var heading: String { "For today, \(ReportKind.daily.periodName(date...date))" }

    /// The section's lines, in words.
    public var lines: [String] {
        var lines = [KPIFormatting.count(appointments, "appointment", "appointments") + " booked for today."]
        if followUps == 0 {
            lines.append("No answered lead of the last 7 days is waiting for a call back.")
        } else {
            lines.append(
                "\(KPIFormatting.count(followUps, "answered lead", "answered leads")) of the last 7 days \(followUps == 1 ? "is" : "are") still open "
                    + "(no appointment, no sale); call the warmest first:")
            lines += warmest.map { "- " + $0.line }
        }
        if let staffing = staffingLine { lines.append(staffing) }
        return lines
    }

    /// "Short of agents for the leads expected today: 09:00–10:00 at …; add shifts or move breaks."
    public var staffingLine: String? {
        shortOfAgents.isEmpty ? nil : "Short of agents for the leads expected today: \(shortOfAgents.joined(separator: "; ")); add shifts or move breaks."
    }
}
