import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallTestSupport
import Testing

@Suite("GET /metrics")
struct MetricsTests {
    /// Parses Prometheus text with the reference Python client's parser and prints
    /// `family type` lines; exits non-zero on a parse error.
    static let parser = """
        import sys
        from prometheus_client.parser import text_string_to_metric_families
        for family in text_string_to_metric_families(sys.stdin.read()):
            samples = sum(1 for _ in family.samples)
            print(family.name, family.type, samples)
        """

    @Test("parses as Prometheus text with request latency per route pattern, database time, memory and CPU")
    func metrics() async throws {
        let app = try await TestApp.make()
        let scrape = try await app.run { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/kpis", method: .get, headers: app.headers(.read)) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/leads/L-404", method: .get, headers: app.headers(.read)) { #expect($0.status == .notFound) }
            return try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return response.text
            }
        }
        // Route patterns, never raw ids.
        #expect(scrape.contains(#"pitwall_http_requests_total{route="/v1/leads/{id}",method="GET",status="404"} 1"#))
        #expect(scrape.contains(#"pitwall_http_request_duration_seconds_count{route="/v1/kpis",method="GET"} 3"#))
        #expect(!scrape.contains("L-404"))

        let checked = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.parser], input: Data(scrape.utf8))
        let printed = String(decoding: checked.output + checked.errors, as: UTF8.self)
        #expect(checked.status == 0, "\(printed)")
        let families = Set(printed.split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: " ") })
        for expected in [
            "pitwall_http_request_duration_seconds histogram", "pitwall_http_requests counter", "pitwall_database_query_duration_seconds histogram",
            "process_resident_memory_bytes gauge", "process_cpu_seconds_total gauge", "pitwall_database_bytes gauge",
        ] {
            #expect(families.contains(expected), "\(expected) in \(families.sorted())")
        }
    }

    @Test("events are counted by route and outcome (accepted, duplicate, conflict, invalid), with when the route last brought a new one; a delivery of repeats moves neither that time nor the accepted count")
    func ingestCounters() async throws {
        let app = try await TestApp.make()
        app.clock.set(try Timestamp(rfc3339: "2026-03-02T12:00:00Z"))
        var make = EventFactory(lead: "L-1", base: try Timestamp(rfc3339: "2026-03-02T09:00:00Z"))
        let created = make.created(0, store: "lkt")
        let sent = make.sent(30, message: "m1")
        var other = EventFactory(lead: "L-2", base: try Timestamp(rfc3339: "2026-03-02T09:00:00Z"))
        // The id of L-1's text again, about another lead: a conflict.
        let clash = other.make(60, .leadOptedOut(OptOut(channel: .sms, keyword: "STOP")), id: sent.id.rawValue)
        let first = [created.canonicalJSON, sent.canonicalJSON, created.canonicalJSON, clash.canonicalJSON, #"{"id":"x","type":"lead.created"}"#]
        @Sendable func scrape(_ client: LiveClient) async throws -> String {
            try await client.execute(uri: "/metrics", method: .get).text
        }
        @Sendable func line(_ name: String, _ scrape: String) -> String? {
            scrape.split(separator: "\n").first { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }.map(String.init)
        }
        try await app.run { client in
            let posted = try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest, contentType: "application/x-ndjson"), body: ByteBuffer(string: first.joined(separator: "\n")))
            #expect(posted.status == .ok)
            var text = try await scrape(client)
            let labels = #"organisation="\#(app.organisation.rawValue)",via="api""#
            for (outcome, count) in [("accepted", 2), ("duplicate", 1), ("conflict", 1), ("invalid", 1), ("outside_token_stores", 0)] {
                #expect(text.contains("pitwall_events_total{\(labels),outcome=\"\(outcome)\"} \(count)\n"), "\(outcome): \(text)")
            }
            #expect(text.contains("pitwall_ingest_duration_seconds_count{\(labels)} 1\n"))
            let stamp = "pitwall_last_event_accepted_timestamp_seconds{\(labels)} 1772452800.0"
            #expect(text.contains(stamp + "\n"), "\(line("pitwall_last_event_accepted_timestamp_seconds", text) ?? "none")")

            // Repeats an hour later: counted, but no new event, so the time stays.
            app.clock.set(try Timestamp(rfc3339: "2026-03-02T13:00:00Z"))
            let again = try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest, contentType: "application/x-ndjson"), body: ByteBuffer(string: [created.canonicalJSON, sent.canonicalJSON].joined(separator: "\n")))
            #expect(again.status == .ok)
            text = try await scrape(client)
            #expect(text.contains("pitwall_events_total{\(labels),outcome=\"accepted\"} 2\n") && text.contains("pitwall_events_total{\(labels),outcome=\"duplicate\"} 3\n"))
            #expect(text.contains("pitwall_ingest_duration_seconds_count{\(labels)} 2\n"))
            #expect(text.contains(stamp + "\n"))

            let checked = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.parser], input: Data(text.utf8))
            #expect(checked.status == 0, "\(String(decoding: checked.output + checked.errors, as: UTF8.self))")
        }
    }
}
