import Foundation
import PitwallCore

/// What every page shows around its content: navigation, who is signed in, the form guard.
struct PageChrome: Sendable {
    var title: String
    var isStatus = false
    var isScorecard = false
    var isSpeedToLead = false
    var isFollowUps = false
    var isAlerts = false
    var isContacts = false
    var isSpend = false
    var isOutreach = false
    var isOutlook = false
    var isReports = false
    var isTokens = false
    var user: String
    var scope: String
    var csrf: String
    var canManage: Bool
    /// Sees the tokens page in the navigation.
    var isAdmin: Bool
    /// "14:05:12 CST", when the figures were read.
    var asOf: String
    /// A line at the top after an action ("Alert acknowledged").
    var notice: String?
    /// Where a form on this page comes back to.
    var here: String
    /// False on a page that must stay as it was sent (it shows a new token's secret once).
    var liveUpdates = true
    /// Milliseconds between two live refreshes, when a page wants them further apart than a
    /// second (one that takes most of a second to build).
    var liveSpacing: Int?

    init(title: String, section: Section?, session: DashboardSession, now: Timestamp, zone: StoreProfile, notice: String? = nil) {
        self.title = title
        here =
            switch section {
            case .status: "/"
            case .scorecard: "/kpis"
            case .speedToLead: "/sla"
            case .followUps: "/follow-ups"
            case .contacts: "/contacts"
            case .spend: "/spend"
            case .outreach: "/outreach"
            case .outlook: "/outlook"
            case .reports: "/reports"
            case .tokens: "/tokens"
            case .alerts, nil: "/alerts"
            }
        switch section {
        case .status: isStatus = true
        case .scorecard: isScorecard = true
        case .speedToLead: isSpeedToLead = true
        case .followUps: isFollowUps = true
        case .alerts: isAlerts = true
        case .contacts: isContacts = true
        case .spend: isSpend = true
        case .outreach: isOutreach = true
        case .outlook: isOutlook = true
        case .reports: isReports = true
        case .tokens: isTokens = true
        case nil: break
        }
        user = session.token.name
        scope = session.token.scope.rawValue
        csrf = session.csrf
        canManage = session.token.scope.allows(.manage)
        isAdmin = session.token.scope.allows(.admin)
        let (_, minute) = zone.calendar.localTime(of: now)
        let seconds = Int((now.millisecondsSinceEpoch / 1000) % 60)
        asOf = "\(LocalTimeFormatting.clock(minute)):\(seconds.zeroPadded(2)) \(ZoneAbbreviation.name(of: zone.timeZone, at: now))"
        self.notice = notice
    }

    enum Section { case status, scorecard, speedToLead, followUps, contacts, spend, outreach, outlook, reports, alerts, tokens }
}

/// A coloured status as the pages show it: a class for the colour and words for people who
/// cannot see it (or read it on a phone in the sun).
struct StatusBadge: Sendable {
    var colour: String
    var words: String
    /// Why, shown on hover and read by screen readers.
    var title: String?

    init(_ colour: BoardColour) {
        self.colour = colour.rawValue
        words =
            switch colour {
            case .green: "On target"
            case .yellow: "Needs attention"
            case .red: "Act now"
            case .grey: "Not enough data yet"
            }
    }

    /// A colour with words of the page's own (a template's band, a test's verdict).
    init(_ colour: BoardColour, words: String) {
        self.init(colour: colour.rawValue, words: words, title: nil)
    }

    /// A lead-cohort figure short of its target only because its leads are young.
    static func tooEarly(_ explanation: String) -> StatusBadge {
        StatusBadge(colour: BoardColour.grey.rawValue, words: "Too early", title: explanation)
    }

    /// A share off its target on so few that the true rate may well be on target.
    static func tooFew(_ explanation: String) -> StatusBadge {
        StatusBadge(colour: BoardColour.grey.rawValue, words: "Too few", title: explanation)
    }

    private init(colour: String, words: String, title: String?) {
        self.colour = colour
        self.words = words
        self.title = title
    }

    init(_ condition: AlertCondition, severity: AlertSeverity?) {
        self.init(BoardColour(condition, severity: severity))
    }

    init(status: KPIStatus) {
        switch status {
        case .green: self.init(BoardColour.green)
        case .yellow: self.init(BoardColour.yellow)
        case .red: self.init(BoardColour.red)
        case .none: self.init(BoardColour.grey)
        }
    }
}

/// A label and a figure, for the small fact lists on tiles and headers.
struct Figure: Sendable {
    var key: String
    var label: String
    var value: String
    /// What the figure means, on hover, where the label alone does not say.
    var meaning: String? = nil
    /// "bad" or "warn" when the figure itself needs someone now (a lead past its SLA),
    /// whatever the tile's colour says of the store's alerts.
    var tone: String? = nil
}

extension AlertCondition {
    /// As the pages say it: "no data", not "no_data".
    var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
