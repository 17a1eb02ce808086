import Foundation
import Hummingbird
import PitwallCore

/// `/sla/review`: the quarterly review of the SLAs, tier by tier, for the group and each
/// store: how the team answered against each SLA, the window before beside it, what the
/// leads answered later bought, and what to do. The same figures as `GET /v1/sla/review`.
struct SLAReviewPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var beforeLabel: String
        var clockWords: String
        var target: String
        var lines: [Line]
        var hasLines: Bool
        /// "2 tighter SLAs proposed, 1 SLA missed": the review at a glance.
        var summary: String
        var policyLink: String
    }

    struct Line: Sendable {
        var store: String
        var place: String
        var tier: String
        var action: String
        var badge: StatusBadge
        var sla: String
        var own: Bool
        var leads: String
        var within: String
        /// The unformatted share, for scripts and tests to compare with the API.
        var rawWithin: String
        var withinCounts: String
        var nineInTen: String
        var before: String
        /// The agents' pick-up of the tier's hand-offs within the same SLA, "56.2%", and its counts.
        var pickup: String
        var pickupCounts: String
        var sales: String
        var words: String
        var proposed: String?
        /// The first line of a place: the place is named once for its tiers.
        var firstOfPlace: Bool
        var placeRows: Int
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("sla/review", use: page)
    }

    /// The review from another page's filters: the same store, over the last 90 days, every lead.
    static func link(from filters: ScorecardFilters) -> String {
        var changes: [String: String?] = ["window": ReportingWindow.Preset.last90Days.rawValue, "from": nil, "to": nil, "compare": nil]
        if let segment = filters.segment { changes[segment.dimension.rawValue] = nil }
        return "/sla/review?\(filters.query(changes))"
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now, fallback: .last90Days)
        if let segment = filters.segment {
            throw DashboardError.badParameter(ParameterError(name: segment.dimension.rawValue, reason: SLAReviewReading.notNarrowed(segment.dimension)))
        }
        return renderer.html(try await view(filters: filters, session: context.session!, now: now), template: "sla-review")
    }

    func view(filters: ScorecardFilters, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let reading = try await SLAReviewReading(filters.window.from...filters.window.to, store: filters.store, dependencies: dependencies)
        let review = reading.review
        let clock = configuration.responseTime.clock
        var lines: [Line] = []
        for line in review.lines {
            let place = line.place(names: reading.storeName)
            let first = lines.last?.place != place
            lines.append(Self.line(line, place: place, review: review, first: first))
        }
        // Each place's first row spans its tiers.
        for index in lines.indices where lines[index].firstOfPlace {
            lines[index].placeRows = lines[index...].prefix { $0.place == lines[index].place }.count
        }
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        let summary = Self.summary(review)
        var form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/sla/review")
        // Always beside the days just before: capacity improvements show against those.
        form.choosesComparison = false
        var chrome = PageChrome(title: "SLA review", section: .speedToLead, session: session, now: now, zone: home)
        // A quarter's review moves slowly: once a minute is live enough.
        chrome.liveSpacing = 60_000
        return View(
            chrome: chrome,
            form: form, windowLabel: filters.window.label,
            beforeLabel: ReportingWindow(preset: .custom, from: reading.before.lowerBound, to: reading.before.upperBound).label,
            clockWords: clock == .business ? "counting the store's open hours only" : "counting every hour",
            target: KPIFormatting.percent(review.target), lines: lines, hasLines: !lines.isEmpty, summary: summary, policyLink: "/v1/sla/policy")
    }

    /// The review at a glance: what to change, then what stays for the agents and where they
    /// miss the SLA after a hand-off.
    static func summary(_ review: SLAReview) -> String {
        let asking = review.lines.filter(\.asks)
        let tighter = asking.filter { $0.action == .tighten }.count, missed = asking.count - tighter
        let held = review.lines.filter(\.heldForPickup).count
        let agentsShort = review.lines.filter { $0.action != .tooFew && $0.agentsMiss(review.pickupTarget) }.count
        var sentences =
            !asking.isEmpty
            ? [
                [
                    tighter > 0 ? KPIFormatting.count(tighter, "tighter SLA proposed", "tighter SLAs proposed") : nil,
                    missed > 0 ? KPIFormatting.count(missed, "SLA missed: staff to it", "SLAs missed: staff to them") : nil,
                ].compactMap { $0 }.joined(separator: "; ") + "."
            ]
            : held + agentsShort > 0 ? ["No SLA to change."] : ["Every SLA with enough leads fits what the team does."]
        if held > 0 {
            sentences.append(
                KPIFormatting.count(held, "SLA the first answers beat by half stays", "SLAs the first answers beat by half stay")
                    + " for the agents, who do not yet pick up handed-over leads within less.")
        }
        if agentsShort > 0 {
            sentences.append(
                "The agents miss " + KPIFormatting.count(agentsShort, "SLA", "SLAs")
                    + " after a hand-off (fewer than \(KPIFormatting.percent(review.pickupTarget ?? 0)) picked up within it): see Agents side by side.")
        }
        return sentences.joined(separator: " ")
    }

    static func line(_ line: SLAReview.Line, place: String, review: SLAReview, first: Bool) -> Line {
        let duration = { (seconds: Double?) in seconds.map(KPIFormatting.duration) ?? "–" }
        let (action, colour): (String, BoardColour) =
            switch line.action {
            case .tighten: ("Tighten to \(duration(line.proposedSeconds))", .yellow)
            case .keep where line.agentsMiss(review.pickupTarget): ("Keep · agents short", .yellow)
            case .keep: ("Keep", .green)
            case .staff: ("Staff to it", .red)
            case .tooFew: ("Too few leads", .grey)
            }
        let before = line.before.flatMap { earlier -> String? in
            guard earlier.isEnough else {
                return earlier.leads > 0 ? "too few (\(KPIFormatting.count(Int(earlier.leads), "lead", "leads")))" : nil
            }
            return earlier.withinShare.map { "\(KPIFormatting.percent($0)) · 9 in 10 within \(duration(earlier.nineInTen))" }
        }
        var sales = "–"
        if let wait = line.sales, let fast = wait.withinRate, let slow = wait.laterRate, wait.chance != nil {
            sales = "\(KPIFormatting.percent(fast)) against \(KPIFormatting.percent(slow))"
                + (wait.sameSourcesRate.map { " (same sources \(KPIFormatting.percent($0)))" } ?? "")
                + (wait.speedPays ? " · speed sells" : wait.laterPays ? " · later bought more" : "")
        }
        let within = line.window.withinShare
        let pickup = line.pickup
        return Line(
            store: line.store?.rawValue ?? "", place: place, tier: line.tier.rawValue, action: line.action.rawValue, badge: StatusBadge(colour, words: action),
            sla: duration(line.slaSeconds), own: line.ownSLA, leads: KPIFormatting.grouped(line.window.leads),
            within: within.map(KPIFormatting.percent) ?? "–", rawWithin: within.map(JSONWriter.format) ?? "",
            withinCounts: "\(KPIFormatting.grouped(line.window.withinSLA)) of \(KPIFormatting.grouped(line.window.leads))",
            nineInTen: duration(line.window.nineInTen), before: before ?? "–",
            pickup: pickup?.withinShare.map(KPIFormatting.percent) ?? "–",
            pickupCounts: pickup.map { "\(KPIFormatting.grouped($0.withinSLA)) of \(KPIFormatting.grouped($0.due))" } ?? "", sales: sales,
            words: line.words(target: review.target, pickupTarget: review.pickupTarget), proposed: line.proposedSeconds.map(KPIFormatting.duration), firstOfPlace: first, placeRows: 1)
    }
}
