import Hummingbird
import PitwallCore

/// `GET /v1/temperature/validation`: does the lead temperature foretell sales? A window's
/// leads by band of points and by reason, with the share of each that bought, and the
/// scoring gaps found: the SOP's monthly scoring-model validation.
struct TemperatureCheckController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("temperature").add(middleware: RequireScopeMiddleware(required: .read)).get("validation", use: validation)
    }

    @Sendable func validation(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let query = try KPIQuery.parse(request, now: now, configuration: configuration)
        let segment = try SegmentParameter.parse(request, allowed: ScorecardFilters.segmentDimensions, what: "the scoring check")
        let reading = try await TemperatureCheckReading(
            query.from...query.to, store: query.store, segment: segment, dependencies: dependencies,
            maturity: try await dependencies.maturityBasis(store: query.store, now: now))
        var writer = JSONWriter()
        writer.beginObject()
        writer.window(query, segment: segment)
        reading.write(to: &writer)
        writer.endObject()
        return Response.json(writer.text)
    }
}

/// A window's scoring check with how far its sales are in: what the API returns and the
/// temperature's page shows.
struct TemperatureCheckReading: Sendable {
    var check: TemperatureCheck
    /// The window's sales still coming in (its leads are young): how far, from the conversion
    /// rate's maturity. Nil once they are in.
    var salesComingIn: CohortMaturity?

    /// `maturity`: the caller's, which a page has in hand already.
    init(
        _ window: ClosedRange<CivilDate>, store: StoreID?, segment: (dimension: SegmentDimension, value: String)? = nil, dependencies: AppDependencies,
        maturity: MaturityBasis
    ) async throws {
        let days = window.daysSinceEpoch
        let rows = try await dependencies.rollups.rollupRows(
            dimension: segment?.dimension ?? .all, value: segment?.value, days: days, store: store, counters: .all)
        var totals = KPITotals()
        for row in rows { totals.add(row) }
        check = TemperatureCheck(totals, weights: dependencies.configuration.leadTemperature)
        salesComingIn = maturity.maturity(of: .leadToSaleConversion, rows: rows).flatMap { $0.isStillComingIn ? $0 : nil }
    }

    func write(to writer: inout JSONWriter) {
        writer.member("leads", check.leads)
        writer.member("sold", check.sold)
        writer.member("sale_rate", check.saleRate)
        writer.member("sales_in_share", salesComingIn?.shareIn)
        writer.key("bands")
        writer.beginArray()
        for band in check.bands {
            writer.beginObject()
            writer.member("min_points", band.points.lowerBound)
            writer.member("max_points", band.points.upperBound)
            writer.member("leads", band.leads)
            writer.member("sold", band.sold)
            writer.member("sale_rate", band.saleRate)
            if let colder = band.colderBand { writer.member("compared_with_min_points", colder.lowerBound) }
            writer.member("reading", band.againstColderBand?.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("reasons")
        writer.beginArray()
        for reason in check.reasons {
            writer.beginObject()
            writer.member("reason", reason.reason.rawValue)
            writer.member("points", reason.points)
            writer.member("leads", reason.leads)
            writer.member("sold", reason.sold)
            writer.member("sale_rate", reason.saleRate)
            writer.member("compared_with", reason.comparedWith.key)
            writer.member("compared_leads", reason.otherLeads)
            writer.member("compared_sold", reason.otherSold)
            writer.member("compared_sale_rate", reason.otherSaleRate)
            writer.member("lift", reason.lift)
            writer.member("reading", reason.reading?.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("gaps")
        writer.beginArray()
        for gap in check.gaps { writer.string(gap) }
        writer.endArray()
    }
}
