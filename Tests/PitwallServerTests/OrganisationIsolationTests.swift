import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallPostgres
@testable import PitwallServer
import PitwallTestSupport
import Testing

/// Two organisations on one server and one PostgreSQL database. Every route of the router
/// is either walked with organisation A's credentials against organisation B's resources
/// (and must answer 404, while B's own credentials get the resource), or listed below with
/// the reason it holds no organisation's resources; a new route that is neither fails the test.
@Suite("Organisations never see each other", .enabled(if: TestPostgres.address != nil))
struct OrganisationIsolationTests {
    /// Routes that show no organisation's data, with why.
    static let outsideOrganisations: [String: String] = [
        "GET /healthz": "public liveness, the home organisation's totals only",
        "GET /openapi.yaml": "a static document",
        "GET /event.schema.json": "a static document",
        "GET /metrics": "the server's own metrics, the home organisation's gauges only",
        "GET /sign-in": "the form",
        "POST /sign-in": "checks a token; the session then belongs to the token's organisation",
        "POST /sign-out": "ends the caller's own session",
        "GET /live": "a stream of 'something changed' notices, no data",
        "POST /hooks/twilio/status": "provider callbacks, stored in the organisation whose account signed them",
        "POST /hooks/twilio/inbound": "provider callbacks, stored in the organisation whose account signed them",
        "POST /hooks/bandwidth": "provider callbacks, stored in the organisation whose account's credentials they carry",
        "POST /hooks/telnyx": "provider callbacks, stored in the organisation whose account signed them",
        "POST /v1/events": "writes into the caller's organisation (checked below: B's ids stay B's)",
        "POST /v1/leads/adf": "writes into the caller's organisation",
        "POST /v1/silences": "creates a silence in the caller's organisation",
        "POST /v1/alerts/ack": "acknowledges a rule's alerts in the caller's organisation and stores (checked below: B's alert keeps B's acknowledgement)",
        "POST /alerts/rule/{rule}/ack": "acknowledges a rule's alerts in the caller's organisation and stores (checked below)",
        "POST /silences": "creates a silence in the caller's organisation",
        "POST /v1/coaching": "records a coaching session in the caller's organisation, within the caller's stores",
        "POST /coaching": "records a coaching session in the caller's organisation, within the caller's stores",
        "POST /v1/changes": "records a change in the caller's organisation, within the caller's stores",
        "POST /v1/delays": "records a delay in the caller's organisation, within the caller's stores",
        "POST /delays": "records a delay in the caller's organisation, within the caller's stores",
        "POST /changes": "records a change in the caller's organisation, within the caller's stores",
        "POST /v1/tokens": "issues a token in the caller's organisation, within the caller's stores",
        "POST /tokens": "issues a token in the caller's organisation, within the caller's stores",
        "POST /v1/reports/{kind}/send": "sends the caller's organisation's report to one of its own channels, within the caller's stores",
        "POST /reports/send": "sends the caller's organisation's report to one of its own channels, within the caller's stores",
    ]

    @Test(
        "a token of organisation A, and a token of B limited to another of B's stores, get 404 for every resource of B's store over every route; B's token gets them"
    )
    func everyRoute() async throws {
        let database = try await TestPostgres.database()
        let suffix = UUID().uuidString.lowercased().prefix(8)
        let (orgA, orgB) = (OrganisationID("iso-a-\(suffix)"), OrganisationID("iso-b-\(suffix)"))
        let clock = ManualClock()
        for organisation in [orgA, orgB] { try await database.createOrganisation(organisation, name: organisation.rawValue, at: clock.now()) }
        // B is the server's home organisation: the configuration file's routing roster is B's.
        let configuration = PitwallConfiguration(
            roster: AgentRoster(agents: [RosterAgent(agentID: "maria", storeID: "b-north", shifts: .alwaysOpen)]))
        let store = OrganisationRoutedStore(database: database, configuration: configuration)
        var dependencies = AppDependencies(store: store, clock: clock, configuration: configuration)
        dependencies.organisations = OrganisationRoster(home: orgB, list: { [orgA, orgB] })
        let issuer = TokenIssuer(store: store, clock: clock)
        let tokenA = try await issuer.issue(scope: .admin, name: "a-admin", organisation: orgA)
        let tokenB = try await issuer.issue(scope: .admin, name: "b-admin", organisation: orgB)
        // A store manager of B's other rooftop: B's organisation, but only b-south's data.
        let tokenSouth = try await issuer.issue(scope: .admin, name: "south-manager", organisation: orgB, stores: ["b-south"])
        // B's north rooftop's lead feed: the token the walk tries to revoke.
        let feedNorth = try await issuer.issue(scope: .ingest, name: "b-north-feed", organisation: orgB, stores: ["b-north"])
        var settings = ServerSettings(host: "127.0.0.1", port: 0)
        settings.escalationCheckInterval = nil
        settings.alertCheckInterval = nil
        settings.runsProbes = false
        settings.heldCallbackInterval = nil

        // Organisation B's resources: a lead at its store, an escalation, a firing alert, a silence.
        let now = clock.now()
        let escalation = Escalation(
            leadID: "LB-1", storeID: "b-north", agentID: nil, tier: .hot, kind: .escalation, dueAt: now, raisedAt: now)
        var firing = AlertStatus(ruleID: "message_delivery_rate", segment: AlertSegment(store: "b-north"), startingAt: now)
        firing.condition = .firing
        let alert = firing
        let silence = AlertSilence(
            id: "silence-b", ruleID: nil, store: "b-north", startsAt: now, endsAt: now.adding(seconds: 3_600), createdBy: "b-admin", comment: "b only")
        let coaching = CoachingSession(
            id: "coaching-b", store: "b-north", agent: "maria", day: CivilDate(iso: "2026-01-04")!, focus: .agentPickupWithinSLA, note: "b only",
            recordedBy: "b-admin", recordedAt: now)
        let change = ProcessChange(
            id: "change-b", day: CivilDate(iso: "2026-01-04")!, store: "b-north", segment: nil, figure: .leadResponseRate, title: "b only",
            note: "b only", recordedBy: "b-admin", recordedAt: now)
        let delay = ReportedDelay(
            id: "delay-b", store: "b-north", agent: "maria", day: CivilDate(iso: "2026-01-04")!, step: "b only", minutes: 3, share: 1, change: "change-b",
            note: "b only", recordedBy: "b-admin", recordedAt: now)
        try await TenantScope.$organisation.withValue(orgB) {
            var changes = EscalationChanges()
            changes.raised = [escalation]
            try await store.record(changes)
            try await store.recordAlerts([alert], transitions: [], audit: [])
            try await store.addSilence(silence)
            try await store.recordCoaching(coaching)
            try await store.recordChange(change)
            try await store.recordDelay(delay)
        }

        let router = buildRouter(settings: settings, dependencies: dependencies)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let routes = router.routes.map { (method: $0.method, path: "\($0.path)") }
        try await app.serveLive { client in
            let leadB = """
                {"id":"b-e1","type":"lead.created","occurred_at":"\(now)","lead_id":"LB-1","store_id":"b-north","source":"web"}
                {"id":"b-e2","type":"message.sent","occurred_at":"\(now.adding(seconds: 30))","lead_id":"LB-1","message_id":"MB-1","channel":"sms","sender":"ai"}
                """
            let posted = try await client.execute(
                uri: "/v1/events", method: .post, headers: [.authorization: "Bearer \(tokenB)", .contentType: "application/x-ndjson"],
                body: ByteBuffer(string: leadB))
            #expect(posted.status == .ok, "\(String(buffer: posted.body))")

            // A writing an event with B's event and lead ids makes A's own lead; B's stays as it was.
            let sameIDs = """
                {"id":"b-e1","type":"lead.created","occurred_at":"\(now)","lead_id":"LB-1","store_id":"a-south","source":"phone"}
                """
            let postedA = try await client.execute(
                uri: "/v1/events", method: .post, headers: [.authorization: "Bearer \(tokenA)", .contentType: "application/x-ndjson"],
                body: ByteBuffer(string: sameIDs))
            #expect(String(buffer: postedA.body).contains(#""accepted":1"#))
            let leadOfB = try await client.execute(uri: "/v1/leads/LB-1", method: .get, headers: [.authorization: "Bearer \(tokenB)"])
            #expect(String(buffer: leadOfB.body).contains("b-north"))
            #expect(!String(buffer: leadOfB.body).contains("a-south"))

            // Totals leave out what a token may not read: B counts its lead, b-south's manager none.
            for (token, leads) in [(tokenB, 1), (tokenSouth, 0)] {
                let kpis = try await client.execute(
                    uri: "/v1/kpis?from=2026-01-05&to=2026-01-05", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(String(buffer: kpis.body).contains(#""lead_to_sale_conversion":{"value":\#(leads == 0 ? "null" : "0"),"numerator":0,"denominator":\#(leads),"#))
                let contacts = try await client.execute(
                    uri: "/v1/contacts/quality?from=2026-01-05&to=2026-01-05", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(String(buffer: contacts.body).contains(#""total":{"leads":\#(leads),"#), "\(String(buffer: contacts.body))")
            }

            let dashboardA = try await DashboardBrowserSession.open(client, token: tokenA)
            let dashboardB = try await DashboardBrowserSession.open(client, token: tokenB)
            let dashboardSouth = try await DashboardBrowserSession.open(client, token: tokenSouth)

            // B's resource for each parameter, by route.
            func filled(_ path: String) -> String {
                var result = path
                let id: String
                if path.contains("tokens") {
                    id = String(TokenIssuer.hash(feedNorth).prefix(AccessToken.idLength))
                } else if path.contains("escalations") {
                    id = escalation.id
                } else if path.contains("alerts") {
                    id = alert.id
                } else if path.contains("silences") {
                    id = silence.id
                } else if path.contains("coaching") {
                    id = coaching.id
                } else if path.contains("changes") {
                    id = change.id
                } else if path.contains("delays") {
                    id = delay.id
                } else if path.contains("export") {
                    id = "leads.csv"
                } else if path.contains("kpis") {
                    id = "lead_to_sale_conversion"
                } else if path.contains("reports") {
                    id = "daily"
                } else {
                    id = "LB-1"
                }
                for parameter in ["{id}", "{file}", "{key}", "{kind}", ":id", ":file", ":key", ":kind"] {
                    result = result.replacingOccurrences(
                        of: parameter, with: id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id)
                }
                return result
            }

            func request(_ method: HTTPRequest.Method, _ path: String, as organisation: String) async throws -> LiveResponse {
                let token = [("A", tokenA), ("B", tokenB), ("south", tokenSouth)].first { $0.0 == organisation }!.1
                let session = [("A", dashboardA), ("B", dashboardB), ("south", dashboardSouth)].first { $0.0 == organisation }!.1
                var uri = filled(path)
                if method == .get { uri += (uri.contains("?") ? "&" : "?") + "store=b-north" }
                if path.hasPrefix("/v1/") {
                    var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                    var body: ByteBuffer?
                    if method == .post || method == .put {
                        headers[.contentType] = "application/json"
                        body = ByteBuffer(string: #"{"comment": "looking"}"#)
                    }
                    return try await client.execute(uri: uri, method: method, headers: headers, body: body)
                }
                if method == .post { return try await session.post(uri, form: "csrf=\(session.csrf)&comment=looking") }
                return try await session.get(uri)
            }

            var walked: [String] = []
            var unclassified: [String] = []
            for route in routes {
                let name = "\(route.method) \(route.path)"
                if Self.outsideOrganisations[name] != nil || route.path.hasPrefix("/assets/") { continue }
                guard [.get, .post, .put, .delete].contains(route.method) else {
                    unclassified.append(name)
                    continue
                }
                walked.append(name)
                for caller in ["A", "south"] {
                    let answer = try await request(route.method, route.path, as: caller)
                    #expect(answer.status == .notFound, "\(name) as \(caller): \(answer.status) \(String(buffer: answer.body).prefix(200))")
                    // What only B's data at b-north holds (never part of a request): its message id, its token's name, its silence's note.
                    for marker in ["MB-1", "b-admin", "b only"] {
                        #expect(!String(buffer: answer.body).contains(marker), "\(name) as \(caller) shows b-north's \(marker)")
                    }
                }
            }
            // The same requests as B reach B's resources: A's 404s are the organisation's doing, not a bad address.
            for name in walked {
                let parts = name.split(separator: " ", maxSplits: 1)
                // Removing a coaching session is for good: B's is put back before each of B's requests.
                // So is removing a change.
                if name.contains("coaching") { try await TenantScope.$organisation.withValue(orgB) { try await store.recordCoaching(coaching) } }
                if name.contains("changes") { try await TenantScope.$organisation.withValue(orgB) { try await store.recordChange(change) } }
                if name.contains("delays") { try await TenantScope.$organisation.withValue(orgB) { try await store.recordDelay(delay) } }
                let answer = try await request(HTTPRequest.Method(rawValue: String(parts[0]))!, String(parts[1]), as: "B")
                #expect(answer.status != .notFound, "\(name) as B: \(answer.status) \(String(buffer: answer.body).prefix(200))")
            }
            // Acknowledging a rule everywhere reaches the caller's own alerts only: B's alert,
            // acknowledged by B in the walk above, keeps B's acknowledgement.
            for (caller, token) in [("A", tokenA), ("south", tokenSouth)] {
                let answer = try await client.execute(
                    uri: "/v1/alerts/ack", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"rule_id":"\#(alert.ruleID)","comment":"looking"}"#))
                #expect(answer.status == .conflict, "POST /v1/alerts/ack as \(caller): \(answer.status) \(String(buffer: answer.body).prefix(200))")
            }
            for (caller, session) in [("A", dashboardA), ("south", dashboardSouth)] {
                let answer = try await session.post("/alerts/rule/\(alert.ruleID)/ack", form: "csrf=\(session.csrf)&comment=looking")
                #expect(answer.status == .conflict, "POST /alerts/rule/{rule}/ack as \(caller): \(answer.status)")
            }
            let kept = try await TenantScope.$organisation.withValue(orgB) { try await store.alertStatuses() }.first { $0.id == alert.id }
            #expect(kept?.acknowledgement?.by == "b-admin", "\(String(describing: kept?.acknowledgement))")
            // B's acknowledgements are in B's audit log, under B's name and token; A's log has none of them.
            let logB = try await client.execute(uri: "/v1/audit/log", method: .get, headers: [.authorization: "Bearer \(tokenB)"])
            #expect(String(buffer: logB.body).contains(#""organisation":"\#(orgB)""#))
            #expect(String(buffer: logB.body).contains(#""actor":"b-admin","action":"escalation.acknowledged""#))
            let logA = try await client.execute(uri: "/v1/audit/log", method: .get, headers: [.authorization: "Bearer \(tokenA)"])
            #expect(String(buffer: logA.body).trimmingCharacters(in: .whitespacesAndNewlines) == #"{"organisation":"\#(orgA)","entries":[]}"#)
            #expect(unclassified.isEmpty, "routes neither walked nor listed: \(unclassified)")
            #expect(walked.count >= 25, "walked only \(walked)")
        }
    }
}
