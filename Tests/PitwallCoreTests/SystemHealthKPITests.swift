import Foundation
import Testing

@testable import PitwallCore

@Suite("System KPIs and readings")
struct SystemHealthKPITests {
    func at(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    func signal(_ id: String, _ time: String, _ component: String, _ health: SystemStatus.Health, store: StoreID? = nil) -> SystemSignal {
        SystemSignal(eventID: EventID(id), at: at(time), status: SystemStatus(component: component, health: health, storeID: store))
    }

    func sample(_ id: String, _ time: String, _ metric: SystemMetric, _ value: Double, component: String = "crm_api", store: StoreID? = nil) -> SystemSample {
        SystemSample(eventID: EventID(id), at: at(time), reading: SystemReading(component: component, metric: metric.rawValue, value: value, storeID: store))
    }

    func event(_ json: String) throws -> Event {
        try Event(jsonObject: JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])
    }

    @Test("a system.sample event needs no lead, reads back the same, and is kept as a reading")
    func parsing() throws {
        let reading = try event(
            #"{"id":"r1","type":"system.sample","occurred_at":"2026-03-02T10:00:00Z","component":"crm_api","metric":"api_response_time","value":0.42,"store_id":"lkt"}"#)
        #expect(reading.payload == .systemSample(SystemReading(component: "crm_api", metric: "api_response_time", value: 0.42, storeID: "lkt")))
        #expect(!reading.canonicalJSON.contains("lead_id"))
        #expect(try event(reading.canonicalJSON) == reading)
        var ledger = LeadLedger()
        ledger.apply(reading, ingestedAt: reading.occurredAt)
        #expect(ledger.leads.isEmpty)
        #expect(ledger.samples.count == 1)
        // An unknown metric is kept; a known one is checked against its unit.
        #expect(throws: Never.self) {
            try event(#"{"id":"r2","type":"system.sample","occurred_at":"2026-03-02T10:00:00Z","component":"queue","metric":"depth","value":1200}"#)
        }
        #expect(throws: EventFieldError(field: "value", problem: "cpu_utilisation is a fraction from 0 to 1, got 85.0")) {
            try event(#"{"id":"r3","type":"system.sample","occurred_at":"2026-03-02T10:00:00Z","component":"db","metric":"cpu_utilisation","value":85}"#)
        }
        #expect(throws: EventFieldError(field: "metric", problem: "is required for system.sample")) {
            try event(#"{"id":"r4","type":"system.sample","occurred_at":"2026-03-02T10:00:00Z","component":"db","value":1}"#)
        }
        #expect(throws: EventFieldError(field: "value", problem: "must be a number, got a string")) {
            try event(#"{"id":"r5","type":"system.sample","occurred_at":"2026-03-02T10:00:00Z","component":"db","metric":"database_errors","value":"3"}"#)
        }
    }

    @Test("uptime is the time no component was down over the time watched; overlapping outages count once")
    func uptime() {
        let signals = [
            signal("a0", "2026-03-02T00:00:00Z", "sms_gateway", .up),
            signal("a1", "2026-03-02T10:00:00Z", "sms_gateway", .down),
            signal("a2", "2026-03-02T10:30:00Z", "sms_gateway", .up),
            signal("b1", "2026-03-02T10:15:00Z", "ai_assistant", .down),
            signal("b2", "2026-03-02T10:45:00Z", "ai_assistant", .up),
            // Degraded is slow, not down.
            signal("c1", "2026-03-02T12:00:00Z", "crm_feed", .degraded),
            signal("c2", "2026-03-02T13:00:00Z", "crm_feed", .up),
            // Another store's outage is not this store's.
            signal("d1", "2026-03-02T14:00:00Z", "sms_gateway", .down, store: "hph"),
        ]
        let evidence = SystemHealthEvidence(signals: signals, samples: [:])
        let results = KPICatalog.standard.systemResults(
            evidence, from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z"), now: at("2026-03-03T06:00:00Z"), store: "lkt")
        let uptime = results.first { $0.key == .systemUptime }!
        #expect(uptime.detail("downtime") == 2700)
        #expect(uptime.value == (86_400 - 2700) / 86_400.0)
        #expect(uptime.status == .red)
        // The other store's open outage: down from 14:00 to the end of the day.
        let other = KPICatalog.standard.systemResults(
            evidence, from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z"), now: at("2026-03-03T06:00:00Z"), store: "hph")
        #expect(other.first { $0.key == .systemUptime }!.detail("downtime") == Double(2700 + 10 * 3600))
        // Watching starts with the first report and stops at now: 00:00 to 11:00, 45 min down.
        let morning = KPICatalog.standard.systemResults(
            evidence, from: at("2026-03-01T00:00:00Z"), to: at("2026-03-03T00:00:00Z"), now: at("2026-03-02T11:00:00Z"), store: nil)
        #expect(morning.first { $0.key == .systemUptime }!.denominator == Double(11 * 3600))
        #expect(morning.first { $0.key == .systemUptime }!.numerator == Double(11 * 3600 - 2700))
        // No report at all: no data, not 100 %.
        let none = KPICatalog.standard.systemResults(
            SystemHealthEvidence(signals: [], samples: [:]), from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z"),
            now: at("2026-03-03T00:00:00Z"), store: nil)
        #expect(none.first { $0.key == .systemUptime }!.value == nil)
        #expect(none.first { $0.key == .systemUptime }!.status == .none)
    }

    @Test("API and query times are the mean of the window's readings, with the nearest-rank p95, for the store and for all stores")
    func times() {
        var readings = (1...20).map { sample("t\($0)", "2026-03-02T10:00:\(String(format: "%02d", $0))Z", .apiResponseTime, Double($0) / 10) }
        readings.append(sample("other", "2026-03-02T10:01:00Z", .apiResponseTime, 30, store: "hph"))
        // Read with the window (a scorecard reads a day either side, and the window compared with it), but not in it.
        readings.append(sample("before", "2026-03-01T23:59:59Z", .apiResponseTime, 50))
        readings.append(sample("after", "2026-03-03T00:00:00Z", .apiResponseTime, 50))
        let queries = [sample("q1", "2026-03-02T10:00:00Z", .databaseQueryTime, 0.05), sample("q2", "2026-03-02T10:00:01Z", .databaseQueryTime, 0.25)]
        let evidence = SystemHealthEvidence(
            signals: [], samples: [SystemMetric.apiResponseTime.rawValue: readings, SystemMetric.databaseQueryTime.rawValue: queries])
        let results = KPICatalog.standard.systemResults(
            evidence, from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z"), now: at("2026-03-03T00:00:00Z"), store: "lkt")
        let api = results.first { $0.key == .apiResponseTime }!
        #expect(api.detail("count") == 20)
        #expect(abs(api.value! - 1.05) < 1e-9)
        #expect(api.detail("p95") == 1.9)
        #expect(api.detail("max") == 2.0)
        #expect(api.status == .yellow)  // above 0.5 s, not above 2 s
        let query = results.first { $0.key == .databaseQueryTime }!
        #expect(abs(query.value! - 0.15) < 1e-9)
        #expect(query.status == .yellow)
        // The group's report reads only readings about every store; the store's own read its own too.
        let group = KPICatalog.standard.systemResults(
            evidence, from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z"), now: at("2026-03-03T00:00:00Z"), store: "hph")
        #expect(group.first { $0.key == .apiResponseTime }!.detail("count") == 21)
    }

    @Test("degraded is up: slow for hours and down for minutes is minutes of downtime; each day of a chart counts its own part")
    func downtimeByDay() throws {
        let signals = [
            signal("w", "2026-03-01T00:00:00Z", "crm_feed", .up),
            signal("g1", "2026-03-01T08:00:00Z", "sms_gateway", .degraded),
            signal("g2", "2026-03-01T18:00:00Z", "sms_gateway", .down),
            signal("g3", "2026-03-01T18:10:00Z", "sms_gateway", .degraded),
            // Down again across midnight, then up: one incident, two times down.
            signal("g4", "2026-03-01T23:00:00Z", "sms_gateway", .down),
            signal("g5", "2026-03-02T01:00:00Z", "sms_gateway", .up),
        ]
        let readings = [
            sample("a1", "2026-03-01T10:00:00Z", .apiResponseTime, 0.2), sample("a2", "2026-03-01T11:00:00Z", .apiResponseTime, 0.4),
            sample("a3", "2026-03-03T09:00:00Z", .apiResponseTime, 1.0),
        ]
        let evidence = SystemHealthEvidence(signals: signals.shuffled(), samples: [SystemMetric.apiResponseTime.rawValue: readings.reversed()])
        let now = at("2026-03-03T12:00:00Z")
        let window = KPICatalog.standard.systemResults(evidence, from: at("2026-03-01T00:00:00Z"), to: at("2026-03-04T00:00:00Z"), now: now, store: nil)
        let uptime = try #require(window[.systemUptime])
        #expect(uptime.detail("downtime") == 7_800)  // 10 min, then 2 h across midnight
        #expect(uptime.detail("outages") == 2)
        #expect(uptime.denominator == 216_000)  // 60 hours watched, up to now

        let days = (0..<4).map { at("2026-02-28T00:00:00Z").adding(seconds: Double($0) * 86_400) }.map { $0..<$0.adding(seconds: 86_400) }
        let timeline = SystemHealthTimeline(evidence, store: nil)
        let series = KPICatalog.standard.systemSeries(timeline, spans: days, now: now)
        // 28 Feb is before the first report: not watched, so no figure rather than 100 %.
        let expected: [Double?] = [nil, 82_200 / 86_400, 82_800 / 86_400, 1]
        #expect(series[.systemUptime] == expected)
        #expect(series[.apiResponseTime]?.count == 4)
        let api = series[.apiResponseTime] ?? []
        #expect(api[0] == nil && api[2] == nil && api[3] == 1.0)
        #expect(abs((api[1] ?? 0) - 0.3) < 1e-12)

        // The engineer's list: one incident, worst down, of which 70 minutes fell on 1 March.
        let incidents = timeline.incidents(in: days[1])
        #expect(incidents.map(\.component) == ["sms_gateway"])
        let gateway = try #require(incidents.first)
        #expect(gateway.health == .down && gateway.started == at("2026-03-01T08:00:00Z") && gateway.ended == at("2026-03-02T01:00:00Z"))
        #expect(timeline.downSeconds(of: gateway, in: days[1]) == 4_200)
        #expect(timeline.downSeconds(of: gateway, in: days[2]) == 3_600)
        #expect(timeline.incidents(in: days[3]).isEmpty)
    }

    @Test("union of down ranges counts shared time once")
    func coveredSeconds() {
        let t = { (minutes: Int64) in Timestamp(millisecondsSinceEpoch: minutes * 60_000) }
        #expect(KPICatalog.coveredSeconds([t(0)..<t(10), t(5)..<t(15), t(20)..<t(25), t(21)..<t(22)]) == 20 * 60)
        #expect(KPICatalog.coveredSeconds([]) == 0)
    }

    @Test("reading rules: the mean of each component's readings over the last minutes, per component")
    func readingRules() {
        let rule = AlertRule.sopDefaults.first { $0.id == "api_response_time" }!
        let samples = (0..<6).map { sample("s\($0)", "2026-03-02T10:0\($0):00Z", .apiResponseTime, 2.5) }
            + (0..<6).map { sample("f\($0)", "2026-03-02T10:0\($0):30Z", .apiResponseTime, 0.2, component: "sms_gateway") }
        guard case .systemReading(_, let statistic) = rule.subject else {
            Issue.record("the SOP's API rule watches readings")
            return
        }
        let measured = AlertMonitor.readings(samples, statistic: statistic, rule: rule)
        let slow = measured[AlertSegment(store: nil, breakdown: "component=crm_api")]!
        #expect(slow.value == 2.5 && slow.sample == 6)
        #expect(rule.level(of: slow) == .warning)
        #expect(rule.level(of: measured[AlertSegment(store: nil, breakdown: "component=sms_gateway")]!) == .clear)
        // Four readings are not enough to judge a component.
        let few = AlertMonitor.readings(Array(samples.prefix(4)), statistic: statistic, rule: rule)
        #expect(rule.level(of: few.values.first!) == .noData)

        let errors = AlertRule.sopDefaults.first { $0.id == "database_errors" }!
        let errorReadings = [sample("e1", "2026-03-02T10:00:00Z", .databaseErrors, 0), sample("e2", "2026-03-02T10:01:00Z", .databaseErrors, 2)]
        let counted = AlertMonitor.readings(errorReadings, statistic: .sum, rule: errors)
        #expect(counted.values.first?.value == 2)
        #expect(errors.level(of: counted.values.first!) == .critical)
        #expect(errors.level(of: AlertMonitor.readings([errorReadings[0]], statistic: .sum, rule: errors).values.first!) == .clear)
    }

    @Test("a probe's check becomes a reading when it answered, and a health report only when health changed")
    func probeEvents() {
        let probe = HealthProbe(name: "sms_gateway", url: "http://127.0.0.1:1/healthz", storeID: "lkt")
        let now = at("2026-03-02T10:00:00Z")
        let first = probe.events(for: ProbeOutcome(httpStatus: 200, seconds: 0.12), at: now, previous: nil)
        #expect(first.map(\.type) == [.systemSample, .systemStatus])
        #expect(first[1].payload == .systemStatus(SystemStatus(component: "sms_gateway", health: .up, storeID: "lkt", detail: "HTTP 200")))
        #expect(probe.events(for: ProbeOutcome(httpStatus: 204, seconds: 0.1), at: now, previous: .up).map(\.type) == [.systemSample])
        let failing = probe.events(for: ProbeOutcome(httpStatus: 503, seconds: 0.1), at: now, previous: .up)
        #expect(failing.map(\.type) == [.systemSample, .systemStatus])
        let refused = probe.events(for: ProbeOutcome(httpStatus: nil, seconds: 0.01, failure: "connection refused"), at: now, previous: .down)
        #expect(refused.isEmpty)
        let fresh = probe.events(for: ProbeOutcome(httpStatus: nil, seconds: 0.01, failure: "connection refused"), at: now, previous: .up)
        #expect(fresh.count == 1 && fresh[0].payload == .systemStatus(SystemStatus(component: "sms_gateway", health: .down, storeID: "lkt", detail: "connection refused")))
    }

    @Test("a store's hours for a one-day chart: 24 of an hour each, none on the spring change's skipped hour, two in the autumn's repeated one")
    func hoursOfADay() throws {
        let configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", name: "Lakeside", timeZone: TimeZone(identifier: "America/Chicago")!)])
        let length = { (span: Range<Timestamp>) in (span.upperBound.millisecondsSinceEpoch - span.lowerBound.millisecondsSinceEpoch) / 3_600_000 }
        let ordinary = configuration.systemHealthHours(store: "lkt", on: CivilDate(year: 2026, month: 3, day: 2)!)
        #expect(ordinary.count == 24 && ordinary.allSatisfy { length($0) == 1 })
        #expect(ordinary[0].lowerBound == (try Timestamp(rfc3339: "2026-03-02T06:00:00Z")), "midnight in Chicago, winter time")
        let spring = configuration.systemHealthHours(store: "lkt", on: CivilDate(year: 2026, month: 3, day: 8)!)
        #expect(spring.map(length) == [1, 1, 0] + Array(repeating: 1, count: 21))
        let autumn = configuration.systemHealthHours(store: "lkt", on: CivilDate(year: 2026, month: 11, day: 1)!)
        #expect(autumn.map(length) == [1, 2] + Array(repeating: 1, count: 22))
        #expect(zip(autumn, autumn.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "the hours follow one another without a gap")
        // Over every store, the group's clock: the first store's, as the dashboard's "today".
        let group = configuration.systemHealthHours(store: nil, on: CivilDate(year: 2026, month: 3, day: 8)!)
        #expect(group == spring, "over every store, the first store's hours")
        let unconfigured = PitwallConfiguration().systemHealthHours(store: nil, on: CivilDate(year: 2026, month: 3, day: 8)!)
        #expect(unconfigured.count == 24 && unconfigured.allSatisfy { length($0) == 1 }, "with no store configured, UTC hours")
        #expect(unconfigured[0].lowerBound == (try Timestamp(rfc3339: "2026-03-08T00:00:00Z")))
        // "Today" for a window without dates, at 00:00 UTC on 5 January: Chicago's is still the
        // 4th, over every store too (the first store's); Tokyo's is the 5th; with no store, UTC's.
        let twoZones = PitwallConfiguration(stores: [
            StoreProfile(id: "lkt", name: "Lakeside", timeZone: TimeZone(identifier: "America/Chicago")!),
            StoreProfile(id: "tok", name: "Tokyo Motors", timeZone: TimeZone(identifier: "Asia/Tokyo")!),
        ])
        let midnight = try Timestamp(rfc3339: "2026-01-05T00:00:00Z")
        #expect(twoZones.today(store: nil, at: midnight) == CivilDate(year: 2026, month: 1, day: 4))
        #expect(twoZones.today(store: "lkt", at: midnight) == CivilDate(year: 2026, month: 1, day: 4))
        #expect(twoZones.today(store: "tok", at: midnight) == CivilDate(year: 2026, month: 1, day: 5))
        #expect(PitwallConfiguration().today(store: nil, at: midnight) == CivilDate(year: 2026, month: 1, day: 5))
    }
}
