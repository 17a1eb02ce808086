/// What can happen to a lead some time after it came in, and what the lead-cohort KPIs
/// count: a window's figure keeps moving until its leads have had time for it.
public enum LeadOutcome: String, CaseIterable, Hashable, Sendable {
    case reply
    case appointment
    case optOut = "opt_out"
    case sale
    /// A conversation's last message, sent or received: until then it keeps growing.
    case conversationEnd = "conversation_end"
    /// The customer's answer to the survey, after the sale, the visit or the conversation.
    case surveyAnswer = "survey_answer"

    /// As a manager says it: "9 in 10 sales come within 12 days".
    public var plural: String {
        switch self {
        case .reply: "replies"
        case .appointment: "appointments"
        case .optOut: "opt-outs"
        case .sale: "sales"
        case .conversationEnd: "conversations"
        case .surveyAnswer: "survey answers"
        }
    }

    /// "9 in 10 sales come within 12 d of the lead"; a conversation is not something that
    /// comes but something that ends: "9 in 10 conversations are over within 1 d 21 h".
    public func nineInTen(within duration: String) -> String {
        self == .conversationEnd
            ? "9 in 10 conversations are over within \(duration) of the lead" : "9 in 10 \(plural) come within \(duration) of the lead"
    }

    /// What of it has happened so far: sales "in", conversations "over".
    public var soFar: String { self == .conversationEnd ? "over" : "in" }

    /// Why a young window is not compared yet: "Too little of this window's sales is in yet",
    /// "Too few of this window's conversations are over yet".
    public var tooLittleSoFar: String {
        switch self {
        case .conversationEnd: "Too few of this window's conversations are over yet"
        case .surveyAnswer: "Too few of this window's survey answers are in yet"
        default: "Too little of this window's \(plural) is in yet"
        }
    }

    /// Whether a figure counting this outcome grows in proportion to the share of it in, so
    /// that it can be scaled up to where it is heading: a share of leads does; an average
    /// conversation's length does not (half the conversations over is not half the messages),
    /// nor an average rating (a fifth of the answers in is not a fifth of the rating).
    public var scalesWithShareIn: Bool { self != .conversationEnd && self != .surveyAnswer }
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
        case .conversationLength: (.conversationEnd, .conversations)
        // The temperature rises as its leads reply, the largest part of it still to come
        // while they are young (and the first to come: hours, where sales take days).
        case .leadTemperatureScore: (.reply, .leads)
        // A customer rates the store days after the lead, once they bought, visited or talked.
        case .customerSatisfaction, .netPromoterScore: (.surveyAnswer, .leads)
        default: nil
        }
    }

    /// Whether the figure grows in proportion to the share of its outcome in, so that a young
    /// window's figure can be scaled to where it is heading. Not the temperature: a reply adds
    /// 15 of a score most of which (the rating, the contact, the answer) is there from the start.
    public var scalesWithLaterOutcome: Bool {
        guard let later = laterOutcome, self != .leadTemperatureScore else { return false }
        return later.outcome.scalesWithShareIn
    }

    /// Whether what is still to come can lift a young window's figure out of red. Not the
    /// temperature's: a reply is worth 15 to the lead that sends it, and most leads never do,
    /// so replies lift the average a few points, enough to leave yellow, never red. Nor a
    /// rating's: the answers still to come (the buyers', a little higher) move it by hundredths.
    public var laterOutcomeCanLiftOutOfRed: Bool { self != .leadTemperatureScore && averagedAnswers == nil }
}
