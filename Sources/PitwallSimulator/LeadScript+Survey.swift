import PitwallCore

extension LeadScript {
    /// The survey a store sends a day or two after a sale, a visit or a conversation, and the
    /// customer's answers, if any. Customers answered quickly rate the store higher, which is
    /// the trade-off of speed against quality the dashboard sets side by side; and the agent
    /// who took the lead over moves the rating too (`SimulatedAgent.rapport`).
    mutating func answerSurvey(waitedSeconds: Double) {
        guard !optedOut else { return }
        let sale = events.last { $0.type == .saleClosed }?.occurredAt
        let visit = events.last { $0.type == .appointmentAttended }?.occurredAt
        let lastReply = events.last { $0.type == .messageReceived }?.occurredAt
        let (after, chance): (Timestamp?, Double) =
            if let sale { (sale, 0.4) } else if let visit { (visit, 0.3) } else { (lastReply, 0.1) }
        guard let after, surveyRandom.chance(chance) else { return }
        let answeredAt = after.adding(seconds: 86_400 * surveyRandom.uniform(0.5...3))
        let usual: Double =
            switch waitedSeconds {
            case ..<300: 4.55
            case ..<900: 4.3
            case ..<3600: 4.0
            case ..<86_400: 3.6
            default: 3.2
            }
        let satisfaction = Self.rating(
            usual + (sale == nil ? 0 : 0.2) + (agent?.rapport ?? 0) + 0.8 * surveyRandom.normal(), in: SurveyAnswer.satisfactionScale)
        // One in ten answers only the 0-10 question; most answer both.
        let onlyRecommend = surveyRandom.chance(0.1)
        let recommend = surveyRandom.chance(0.85) || onlyRecommend
            ? Self.rating(2 * Double(satisfaction) - 0.5 + 1.2 * surveyRandom.normal(), in: SurveyAnswer.recommendScale) : nil
        emit(answeredAt, .surveyAnswered(SurveyAnswer(satisfaction: onlyRecommend ? nil : satisfaction, recommend: recommend)))
        // A few customers answer again a day later, having thought better (or worse) of it.
        if surveyRandom.chance(0.02) {
            let second = Self.rating(Double(satisfaction) + (surveyRandom.chance(0.5) ? 1 : -1), in: SurveyAnswer.satisfactionScale)
            emit(answeredAt.adding(seconds: 86_400 * surveyRandom.uniform(0.5...1.5)), .surveyAnswered(SurveyAnswer(satisfaction: second)))
        }
    }

    private static func rating(_ value: Double, in scale: ClosedRange<Int>) -> Int {
        min(max(Int(value.rounded()), scale.lowerBound), scale.upperBound)
    }
}
