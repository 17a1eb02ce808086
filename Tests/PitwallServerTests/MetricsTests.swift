import Foundation
import HTTPTypes
import HummingbirdTesting
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
}
