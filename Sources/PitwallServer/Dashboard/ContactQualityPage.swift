import HTTPTypes
import Foundation
import Hummingbird
import NIOCore
import PitwallCore

/// `/contacts`: per lead source, how many leads came without a phone that can take texts or
/// an e-mail that can be written to, so marketing can take a bad vendor or a broken web form
/// to task. The same counts as `GET /v1/contacts/quality`.
struct ContactQualityPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var previousLabel: String?
        var comparedColumn: String
        var rows: [Row]
        var total: Row
        var hasLeads: Bool
        /// What the repeat leads say, in words; the days within which a lead is a repeat.
        var repeatFindings: [String]
        var hasRepeatFindings: Bool
        var repeatWindow: String
        /// The setting the window comes from, for whoever wants it longer.
        var repeatSetting: String
        /// The repeat leads of the page's window, store and source, as CSV.
        var repeatsDownload: String
    }

    struct Row: Sendable {
        /// The source as the CRM sends it ("(none)" for leads without one), for scripts and tests.
        var source: String
        /// As the page shows it: its configured name, or the id.
        var name: String
        /// The scorecard narrowed to this source, to see what the lost leads cost.
        var link: String?
        var leads: String
        var phoneMissing: String
        var phoneInvalid: String
        var emailMissing: String
        var emailInvalid: String
        var unreachable: String
        var share: String
        /// The unformatted share, for scripts and tests to compare with the API.
        var raw: String
        var previous: String?
        var change: String?
        var problems: String
        /// "45 (8.1%)": the source's leads from shoppers the store already had.
        var repeats: String
        var repeatSpend: String?
        /// The unformatted count, for scripts and tests.
        var rawRepeats: Int
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("contacts", use: page)
        group.get("contacts/repeats.csv", use: repeatsCSV)
    }

    /// The page's repeat leads, one row each with the lead it repeats: for a vendor's credit.
    @Sendable func repeatsCSV(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        try filters.requireSourceSegmentOnly("contacts are counted by lead source: narrow with source, a store or the window")
        let repeats = try await RepeatLeadReading.repeats(
            filters.window.from...filters.window.to, store: filters.store, source: filters.segment?.value, reader: dependencies.leads,
            configuration: dependencies.configuration)
        let encoder = TableEncoder(format: .csv, columns: RepeatLeadTable.columns)
        var headers: HTTPFields = [.contentType: TableEncoder.Format.csv.contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(ScorecardDownload.fileName(filters, table: "repeat-leads"))\""
        let body = try encoder.header() + encoder.encode(repeats.map(RepeatLeadTable.row))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        try filters.requireSourceSegmentOnly("contacts are counted by lead source: narrow with source, a store or the window")
        return renderer.html(try await view(filters: filters, session: context.session!, now: now), template: "contacts")
    }

    func view(filters: ScorecardFilters, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let source = filters.segment?.value
        func measure(_ days: ClosedRange<CivilDate>) async throws -> ContactQuality {
            var quality = try await dependencies.rollups.contactQuality(createdOn: days.lowerBound, through: days.upperBound, store: filters.store)
            if let source { quality.bySource = quality.bySource.filter { $0.key == source } }
            return quality
        }
        let quality = try await measure(filters.window.from...filters.window.to)
        let compared = filters.compared
        var before: ContactQuality?
        if let compared { before = try await measure(compared.from...compared.to) }
        let names = configuration.names
        let repeats = try await RepeatLeadReading.report(
            filters.window.from...filters.window.to, store: filters.store, source: source, leads: quality.bySource.mapValues(\.leads),
            store: dependencies.leads, configuration: configuration)
        let repeatLines = Dictionary(uniqueKeysWithValues: repeats.lines.map { ($0.source, $0) })
        let rows = quality.sourcesWorstFirst.map { source, tally in
            Self.row(
                source.isEmpty ? "(none)" : source, name: source.isEmpty ? "(none)" : names.source(source), tally, before: before.map { $0.bySource[source] ?? ContactQuality.Tally() },
                repeats: repeatLines[source], link: "/kpis?\(filters.query(["source": source]))")
        }
        let total = quality.total
        let repeatFindings = repeats.findings { $0.isEmpty ? "(none)" : names.source($0) }
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        var chrome = PageChrome(title: "Lead contacts", section: .contacts, session: session, now: now, zone: home)
        // Finding repeat leads probes every lead of the window (about 0.3 s for a month of a
        // large group): a view of weeks of contacts changes slowly enough for once a minute.
        chrome.liveSpacing = 60_000
        var form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/contacts")
        if total.leads == 0 { try await form.explainEmpty(filters, dependencies: dependencies, now: now) }
        return View(
            chrome: chrome,
            form: form,
            windowLabel: filters.window.label, previousLabel: compared?.label, comparedColumn: filters.comparedColumn,
            rows: rows, total: Self.row("All sources", total, before: before?.total, repeats: repeats.total, link: nil), hasLeads: total.leads > 0,
            repeatFindings: repeatFindings, hasRepeatFindings: !repeatFindings.isEmpty,
            repeatWindow: KPIFormatting.count(repeats.windowDays, "day", "days"),
            repeatSetting: configuration.repeatLeadWindowDays == nil ? "response_time.repeat_window_days" : "repeat_leads.window_days", repeatsDownload: "/contacts/repeats.csv?\(filters.query())")
    }

    static func row(
        _ source: String, name: String? = nil, _ tally: ContactQuality.Tally, before: ContactQuality.Tally?, repeats: RepeatLeadReport.Line?, link: String?
    ) -> Row {
        let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
        let share = tally.unreachableShare
        return Row(
            source: source, name: name ?? source, link: link, leads: count(tally.leads), phoneMissing: count(tally.phoneMissing), phoneInvalid: count(tally.phoneInvalid),
            emailMissing: count(tally.emailMissing), emailInvalid: count(tally.emailInvalid), unreachable: count(tally.unreachable),
            share: KPIFormatting.value(share, unit: .ratio), raw: share.map(JSONWriter.format) ?? "",
            previous: before.map { KPIFormatting.value($0.unreachableShare, unit: .ratio) },
            change: before.map { earlier in KPIFormatting.gap(share.flatMap { now in earlier.unreachableShare.map { now - $0 } }, unit: .ratio) },
            problems: problems(tally.problems),
            repeats: "\(count(repeats?.repeats ?? 0))" + (repeats?.repeatShare.map { " (\(KPIFormatting.percent($0)))" } ?? ""),
            repeatSpend: repeats.flatMap { $0.repeatSpend.cents > 0 ? LeadSpendReport.price($0.repeatSpend.amount) : nil },
            rawRepeats: repeats?.repeats ?? 0)
    }

    /// "wrong number of digits: 12 · 555 number (fiction): 3", most frequent first.
    static func problems(_ counts: [ContactProblemKind: Int]) -> String {
        guard !counts.isEmpty else { return "–" }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
            .map { "\(words($0.key)): \(KPIFormatting.grouped(Int64($0.value)))" }
            .joined(separator: " · ")
    }

    static func words(_ kind: ContactProblemKind) -> String {
        switch kind {
        case .empty: "empty"
        case .wrongLength: "wrong number of digits"
        case .notAssignable: "not a number carriers give out"
        case .fiction: "555 number (fiction)"
        case .hasExtension: "has an extension"
        case .badCharacters: "stray characters"
        case .badAddress: "malformed e-mail"
        case .badDomain: "e-mail domain not valid"
        }
    }
}
