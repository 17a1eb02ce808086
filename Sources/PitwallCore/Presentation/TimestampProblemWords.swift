/// What a lead's suspect timestamps mean, in words for the manager reading its page: which
/// time cannot be right, and what Pitwall does about it. The problem keys stay in the API.
extension TimestampIntegrityProblem {
    public var readable: String {
        switch self {
        case .missingLeadCreated:
            "its lead.created event never arrived, so when it came in is not known"
        case .negativeResponseTime:
            "its first answer is dated before its clock started; its response time is left out of the figures"
        case .submittedAfterReceived:
            "the form is dated after the CRM received the lead: the form's clock looks fast"
        case .responseInFuture:
            "its first answer is dated in the future"
        case .datedAfterArrival:
            "an event was dated after it reached Pitwall: the sender's clock runs fast; its response time is left out of the figures"
        case .datedInFuture:
            "its latest event is dated in the future"
        }
    }
}
