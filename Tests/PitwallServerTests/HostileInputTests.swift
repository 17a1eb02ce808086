import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallSimulator
import PitwallTestSupport
import Testing
import Yams

/// Whatever a client sends, the server answers it: a 4xx that says what is wrong, never a 5xx
/// and never a crash. Every route the router has, with seeded hostile values in its path, its
/// documented query parameters and its body.
@Suite("Hostile input on every route")
struct HostileInputTests {
    /// Values that have broken parsers elsewhere: empty, huge, negative, impossible dates,
    /// escapes, control characters, other scripts, injections, numbers out of range.
    static let values = [
        "", " ", "0", "-1", "99999999999999999999", "1e309", "NaN", "-0", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31",
        "2026-03-01T25:00:00Z", "../../etc/passwd", "%00", "%ZZ", "%", "\u{0}", "\u{7}", "é", "😀", "日本", "\u{202E}", "' OR 1=1 --",
        "\"", "<script>", "{}", "[]", "null", "true", String(repeating: "9", count: 400), String(repeating: "x", count: 5_000), "a,b", "a b", "+",
    ]

    static let bodies: [String] = [
        "", "{", "}", "[", "[]", "{}", "null", "0", "\"text\"", "[1,2", "{\"a\":", String(repeating: "[", count: 5_000),
        String(repeating: "{\"a\":", count: 3_000), "[" + String(repeating: "1e309,", count: 50) + "1]", "{\"id\":{}}", "[{\"type\":7}]",
        "[{\"id\":\"x\",\"type\":\"lead.created\",\"occurred_at\":\"2026-02-30T00:00:00Z\",\"lead_id\":\"L\"}]", "\u{FEFF}[]", "\u{0}\u{1}\u{2}",
        "scope=read&name=%ZZ", "<?xml version=\"1.0\"?><adf><prospect>", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><x>&a;&a;&a;</x>",
        "{\"scope\":\"admin\",\"name\":" + String(repeating: "\"x\"", count: 1) + ",\"stores\":[1,2,{}]}",
        "{\"rule\":\"\",\"until\":\"soon\",\"segment\":[]}", "[{}]", "[{\"type\":\"message-failed\",\"errorCode\":{},\"message\":{\"id\":\"M\"}}]",
        "[{\"type\":\"message-received\",\"message\":{\"id\":\"M\",\"from\":[],\"text\":5}}]",
        "[{\"type\":\"message-received\",\"time\":\"9999-99-99\",\"message\":{\"id\":\"\\u0000\",\"from\":\"+1\"}}]",
        // NUL characters, which PostgreSQL refuses in any text: escaped in JSON, raw, and in a form.
        "{\"id\":\"n0\",\"type\":\"lead.created\",\"occurred_at\":\"2026-03-05T10:00:00Z\",\"lead_id\":\"L\\u0000\",\"store_id\":\"lkt\",\"source\":\"web\"}",
        "{\"scope\":\"read\",\"name\":\"a\\u0000b\"}", "{\"comment\":\"\u{0}\"}", "name=a%00b&scope=read&comment=%00&token=%00&next=%00", "{\"comment\":" + String(repeating: "\"y\"", count: 1) + "}",
    ]

    /// Percent-encodes a value so it reaches the server as the text above, not as a broken URI.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test("a seeded mix of hostile paths, query values and bodies on every route: no answer is a 5xx, every refused API call says why")
    func noServerErrors() async throws {
        let configuration = try ConfigurationFile.parse(
            """
            stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}, {id: bay, name: Bayside Honda, timezone: America/Los_Angeles}]
            bandwidth: {accounts: [{store: lkt, username: pitwall, password_env: BW_PASSWORD}]}
            """,
            file: "t.yaml", environment: ["BW_PASSWORD": "hostile"]
        ).pitwall
        let app = try await TestApp.make(configuration: configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-03-06T18:00:00Z"))
        var events: [Event] = []
        DealershipSimulator(settings: SimulationSettings(days: 2, seed: 3, storeCount: 2)).run { events.append($0) }
        _ = try await app.store.ingest(events, at: app.clock.now())

        let document = try #require(try Yams.load(yaml: BundledResource.openAPI.text()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        // The live feed never ends by itself: it is tested on its own elsewhere.
        // Signing out ends the session the pages are asked with: it comes last.
        let routes = app.router.routes.map { (method: $0.method, path: "\($0.path)") }.filter { $0.path != "/live" }
            .sorted { ($0.path == "/sign-out" ? 1 : 0) < ($1.path == "/sign-out" ? 1 : 0) }
        var documented: [String: [String]] = [:]
        for route in routes {
            let operation = paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any]
            documented["\(route.method) \(route.path)"] = ((operation?["parameters"] as? [[String: Any]]) ?? [])
                .filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
        }
        let queryNames = documented
        #expect(routes.count > 50)

        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.admin]!)
            var random = SeededRandom(seed: 2_026)
            func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
            var failures: [String] = []
            var asked = 0
            for route in routes {
                let names = (queryNames["\(route.method) \(route.path)"] ?? []) + ["window", "store", "by", "limit", "zzz"]
                for _ in 0..<16 {
                    // Path parameters ({id}, {key}, {file}) get hostile values too.
                    let path = route.path.split(separator: "/", omittingEmptySubsequences: false).map { part in
                        part.hasPrefix("{") || part.hasPrefix(":") ? Self.encoded(pick(Self.values)) : String(part)
                    }.joined(separator: "/")
                    let query = (0..<Int(1 + random.next() % 4)).map { _ in "\(pick(names))=\(Self.encoded(pick(Self.values)))" }.joined(separator: "&")
                    let uri = (path.isEmpty ? "/" : path) + "?" + query
                    let isPage = !route.path.hasPrefix("/v1") && !route.path.hasPrefix("/hooks")
                    var headers = isPage ? HTTPFields([HTTPField(name: .cookie, value: session.cookie)]) : app.headers(.admin)
                    // Bandwidth's callbacks carry its basic auth, so their bodies reach the parser.
                    if route.path == "/hooks/bandwidth" { headers[.authorization] = "Basic " + Data("pitwall:hostile".utf8).base64EncodedString() }
                    var body: ByteBuffer?
                    if route.method != .get && route.method != .head {
                        body = ByteBuffer(string: pick(Self.bodies))
                        headers[.contentType] = pick(["application/json", "application/x-ndjson", "text/csv", "application/xml", "application/x-www-form-urlencoded"])
                        if isPage { body = ByteBuffer(string: "csrf=\(session.csrf)&" + (body.map { String(buffer: $0) } ?? "")) }
                    }
                    let response = try await client.execute(uri: uri, method: route.method, headers: headers, body: body)
                    asked += 1
                    if response.status.code >= 500 {
                        failures.append("\(route.method) \(uri) → \(response.status.code): \(response.text.prefix(200))")
                    } else if route.path.hasPrefix("/v1"), response.status.code >= 400, (response.errorMessage ?? "").isEmpty {
                        failures.append("\(route.method) \(uri) → \(response.status.code) without a message: \(response.text.prefix(200))")
                    }
                }
            }
            #expect(asked == routes.count * 16)
            let listed = failures.prefix(20).joined(separator: "\n")
            #expect(failures.isEmpty, "\(failures.count) of \(asked):\n\(listed)")
            // A NUL character, which PostgreSQL cannot keep in any text, is refused by name, and
            // the valid line beside it is kept.
            let address = try await client.execute(uri: "/v1/leads/L%00", method: .get, headers: app.headers(.read))
            #expect(address.status == .badRequest && address.errorMessage?.contains("NUL character (%00)") == true, "\(address.text)")
            let lines = """
                {"id":"nul-1","type":"lead.created","occurred_at":"2026-03-05T10:00:00Z","lead_id":"L\\u0000","store_id":"lkt","source":"web"}
                {"id":"nul-2","type":"lead.created","occurred_at":"2026-03-05T10:00:00Z","lead_id":"L-KEPT","store_id":"lkt","source":"web"}
                """
            let batch = try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest, contentType: "application/x-ndjson"), body: ByteBuffer(string: lines))
            #expect(batch.json["accepted"] as? Int == 1, "\(batch.text)")
            #expect(batch.text.contains("NUL character"), "\(batch.text)")
            #expect(try await app.store.leadRecords("L-KEPT") != nil)

            // The server is still there and still right afterwards.
            let health = try await client.execute(uri: "/v1/kpis?from=2026-03-01&to=2026-03-06", method: .get, headers: app.headers(.read))
            #expect(health.status == .ok)
        }
    }
}
