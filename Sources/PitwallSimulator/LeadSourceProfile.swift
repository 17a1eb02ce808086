/// How a lead source behaves: how many leads it brings, what they cost, how ready to buy
/// they are. The figures are plausible for US franchise dealers, not measured.
public struct LeadSourceProfile: Sendable {
    public var name: String
    /// Share of a store's leads.
    public var share: Double
    /// Cost per lead in dollars.
    public var cost: Double
    /// Chances of hot, warm and cold.
    public var tierWeights: [Double]
    /// Multipliers on the chance of a reply and of a sale, around 1.
    public var replyQuality: Double
    public var buyingQuality: Double
    /// Median seconds between the customer's submission and the CRM receiving it; nil when
    /// there is no separate submission (a call, a walk-in).
    public var medianSubmissionLagSeconds: Double?
    public var campaigns: [String]
    /// Arrives only while the store is open (people calling or walking in).
    public var onlyWhenOpen: Bool
    /// The customer types the phone number into a form nobody checks, so a number that
    /// cannot be texted is often a mistyped one rather than a landline.
    public var phoneTypedByHand = false

    /// Each source's name as people write it.
    public static let titles = [
        "website": "Website", "cargurus": "CarGurus", "autotrader": "Autotrader", "cars_com": "Cars.com", "facebook_ads": "Facebook Ads",
        "google_ads": "Google Ads", "truecar": "TrueCar", "phone": "Phone", "walk_in": "Walk-in",
    ]

    /// Each campaign's name as marketing wrote it.
    public static let campaignTitles = [
        "cargurus-listings": "CarGurus featured listings", "autotrader-premium": "Autotrader premium", "cars-com-basic": "Cars.com basic",
        "fb-spring-suv": "Facebook spring SUV event", "fb-trade-in": "Facebook trade-in offer", "fb-retarget": "Facebook retargeting",
        "google-brand": "Google brand search", "google-conquest": "Google conquest search", "truecar-network": "TrueCar network",
    ]

    public static let catalogue: [LeadSourceProfile] = [
        LeadSourceProfile(
            name: "website", share: 0.26, cost: 0, tierWeights: [0.35, 0.45, 0.20], replyQuality: 1.15, buyingQuality: 1.3,
            medianSubmissionLagSeconds: 1.5, campaigns: [], onlyWhenOpen: false, phoneTypedByHand: true),
        LeadSourceProfile(
            name: "cargurus", share: 0.15, cost: 32, tierWeights: [0.25, 0.50, 0.25], replyQuality: 1.0, buyingQuality: 1.0,
            medianSubmissionLagSeconds: 40, campaigns: ["cargurus-listings"], onlyWhenOpen: false),
        LeadSourceProfile(
            name: "autotrader", share: 0.11, cost: 29, tierWeights: [0.22, 0.50, 0.28], replyQuality: 0.95, buyingQuality: 0.9,
            medianSubmissionLagSeconds: 55, campaigns: ["autotrader-premium"], onlyWhenOpen: false),
        LeadSourceProfile(
            name: "cars_com", share: 0.10, cost: 27, tierWeights: [0.20, 0.50, 0.30], replyQuality: 0.9, buyingQuality: 0.85,
            medianSubmissionLagSeconds: 70, campaigns: ["cars-com-basic"], onlyWhenOpen: false),
        LeadSourceProfile(
            name: "facebook_ads", share: 0.14, cost: 11, tierWeights: [0.08, 0.37, 0.55], replyQuality: 0.7, buyingQuality: 0.45,
            medianSubmissionLagSeconds: 120, campaigns: ["fb-spring-suv", "fb-trade-in", "fb-retarget"], onlyWhenOpen: false,
            phoneTypedByHand: true),
        LeadSourceProfile(
            name: "google_ads", share: 0.12, cost: 24, tierWeights: [0.30, 0.50, 0.20], replyQuality: 1.05, buyingQuality: 1.1,
            medianSubmissionLagSeconds: 3, campaigns: ["google-brand", "google-conquest"], onlyWhenOpen: false),
        LeadSourceProfile(
            name: "truecar", share: 0.05, cost: 22, tierWeights: [0.30, 0.45, 0.25], replyQuality: 1.0, buyingQuality: 0.95,
            medianSubmissionLagSeconds: 45, campaigns: ["truecar-network"], onlyWhenOpen: false),
        LeadSourceProfile(
            name: "phone", share: 0.04, cost: 0, tierWeights: [1, 0, 0], replyQuality: 1.4, buyingQuality: 1.8,
            medianSubmissionLagSeconds: nil, campaigns: [], onlyWhenOpen: true),
        LeadSourceProfile(
            name: "walk_in", share: 0.03, cost: 0, tierWeights: [1, 0, 0], replyQuality: 1.6, buyingQuality: 2.6,
            medianSubmissionLagSeconds: nil, campaigns: [], onlyWhenOpen: true),
    ]

    /// Handled by people from the first minute rather than by the AI assistant.
    var isInPerson: Bool { medianSubmissionLagSeconds == nil }
}

/// A first-touch or follow-up message template, its words, and how often leads really answer
/// it. The words and rates go together so the content analysis has something to find: the
/// three first texts that ask a question are answered 33-36 % of the time, the two that do not
/// 17-20 %, whatever else their words do.
public struct MessageTemplateProfile: Sendable {
    public var id: String
    public var replyRate: Double
    public var text: String
    /// How often the lead replies STOP to it, before anything else.
    public var stopRate: Double = 0

    public static let firstTouch: [MessageTemplateProfile] = [
        MessageTemplateProfile(
            id: "first-touch-question", replyRate: 0.36,
            text: "Hi {first_name}, thanks for asking about the {vehicle}! What matters most to you in your next car?"),
        MessageTemplateProfile(
            id: "first-touch-availability", replyRate: 0.33,
            text: "Hi {first_name}, good news: the {vehicle} you asked about is here. Would you like to come in for a test drive today or tomorrow?"),
        MessageTemplateProfile(
            id: "first-touch-video", replyRate: 0.34,
            text: "Hi {first_name}! Here is a short walk-around video of the {vehicle} \u{1F697} https://video.example.com/{stock} Any questions?"),
        MessageTemplateProfile(
            id: "first-touch-price", replyRate: 0.20,
            text: "Thanks for your interest in the {vehicle}. Our internet price includes every current rebate and incentive, "
                + "and we can send you a full breakdown with taxes and fees by e-mail. Reply STOP to opt out."),
        MessageTemplateProfile(
            id: "first-touch-generic", replyRate: 0.17,
            text: "Thank you for contacting us. A member of our team will be in touch with you shortly about your inquiry. Reply STOP to opt out."),
    ]
    static let firstTouchWeights: [Double] = [0.22, 0.26, 0.14, 0.18, 0.20]

    public static let followUps: [MessageTemplateProfile] = [
        MessageTemplateProfile(id: "follow-up-day-1", replyRate: 0.09, text: "Hi {first_name}, just checking in: is the {vehicle} still on your list?"),
        MessageTemplateProfile(
            id: "follow-up-day-3", replyRate: 0.05, text: "New inventory arrives every week. Let us know if we can help with anything."),
        MessageTemplateProfile(
            id: "follow-up-last-call", replyRate: 0.01, text: "Last check-in from us: are you still looking for a {vehicle}? Reply STOP to opt out.",
            stopRate: 0.05),
    ]

    /// A running A/B test of two first touches.
    static let experimentID = "exp-first-touch-question-vs-video"
    static let experimentShare = 0.4
}
