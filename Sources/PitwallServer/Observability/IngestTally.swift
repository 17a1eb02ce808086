import PitwallCore

/// What one delivery of events came to, for the counters engineers alert on: a feed that has
/// gone quiet (no new events), or one whose events are refused (a field renamed upstream).
struct IngestTally: Sendable {
    /// How the events came: `api` (`POST /v1/events`), `adf` (`POST /v1/leads/adf`),
    /// `provider` (an SMS provider's callback), `probe` (Pitwall's own health checks).
    enum Route: String, CaseIterable, Sendable {
        case api, adf, provider, probe
    }

    var accepted = 0
    var duplicates = 0
    var refused: [IngestRejection.Reason: Int] = [:]

    init() {}

    init(_ report: IngestReport) {
        accepted = report.accepted
        duplicates = report.duplicates
        for reason in IngestRejection.Reason.allCases { refused[reason] = report.refused(for: reason) }
    }

    /// From what the store did with each event, and how many entries never read as events.
    init(_ dispositions: [IngestDisposition], invalid: Int = 0) {
        refused[.invalid] = invalid
        for disposition in dispositions {
            switch disposition {
            case .accepted: accepted += 1
            case .duplicate: duplicates += 1
            case .conflict: refused[.conflict, default: 0] += 1
            case .outsideTokenStores: refused[.outsideTokenStores, default: 0] += 1
            }
        }
    }

    /// Each outcome with its count, every outcome named so a series exists from the first delivery.
    var outcomes: [(String, Int)] {
        [("accepted", accepted), ("duplicate", duplicates)] + IngestRejection.Reason.allCases.map { ($0.rawValue, refused[$0] ?? 0) }
    }
}
