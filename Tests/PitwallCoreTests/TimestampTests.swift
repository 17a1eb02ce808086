import Foundation
import Testing

@testable import PitwallCore

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test(
        "accepts every RFC 3339 shape senders use",
        arguments: [
            ("2026-03-08T09:15:00Z", "2026-03-08T09:15:00.000Z"),
            ("2026-03-08T09:15:00.250Z", "2026-03-08T09:15:00.250Z"),
            ("2026-03-08T09:15:00.2Z", "2026-03-08T09:15:00.200Z"),
            ("2026-03-08T09:15:00.123456789Z", "2026-03-08T09:15:00.123Z"),
            ("2026-03-08T04:15:00-05:00", "2026-03-08T09:15:00.000Z"),
            ("2026-03-08T14:45:00.5+05:30", "2026-03-08T09:15:00.500Z"),
            ("2026-03-08t09:15:00z", "2026-03-08T09:15:00.000Z"),
            ("2026-03-08 09:15:00Z", "2026-03-08T09:15:00.000Z"),
            ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"),
            ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00.000Z"),
            ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ])
    func parses(text: String, canonical: String) throws {
        #expect(try Timestamp(rfc3339: text).rfc3339 == canonical)
    }

    @Test(
        "refuses what is not a full RFC 3339 instant, saying why",
        arguments: [
            ("2026-03-08T09:15:00", TimestampProblem.missingOffset),
            ("2026-03-08", .missingOffset),
            ("2026-13-01T00:00:00Z", .outOfRange("month")),
            ("2026-02-29T00:00:00Z", .outOfRange("day of month")),
            ("2026-04-31T00:00:00Z", .outOfRange("day of month")),
            ("2026-03-08T24:00:00Z", .outOfRange("hour")),
            ("2026-03-08T09:60:00Z", .outOfRange("minute")),
            ("2026-03-08T09:15:60Z", .outOfRange("second")),
            ("2026-03-08T09:15:00+25:00", .outOfRange("time zone offset")),
            ("2026-03-08T09:15:00.Z", .malformed),
            ("2026-03-08T09:15:00ZZ", .malformed),
            ("2026-03-08T09:15:00+0500", .malformed),
            ("yesterday", .malformed),
            ("1741425300", .malformed),
            ("", .malformed),
        ])
    func refuses(text: String, problem: TimestampProblem) {
        #expect(throws: problem) { try Timestamp(rfc3339: text) }
    }

    @Test("agrees with Foundation's ISO 8601 parser on a spread of instants")
    func agreesWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SplitMixForTests(seed: 42)
        for _ in 0..<2_000 {
            let milliseconds = Int64(random.next() % 8_000_000_000_000) - 2_000_000_000_000
            let stamp = Timestamp(millisecondsSinceEpoch: milliseconds)
            let viaFoundation = try #require(formatter.date(from: stamp.rfc3339))
            #expect(Timestamp(viaFoundation) == stamp, "\(stamp.rfc3339)")
            #expect(try Timestamp(rfc3339: stamp.rfc3339) == stamp)
        }
    }
}

@Suite("Civil dates")
struct CivilDateTests {
    @Test("day numbers round-trip and match Foundation's Gregorian calendar")
    func matchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // From 1620: Foundation switches to the Julian calendar before the 1582 reform.
        for day in stride(from: Int64(-128_000), through: 800_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            #expect(components.year == date.year && components.month == date.month && components.day == date.day, "\(date)")
            // Foundation counts Sunday as 1; ISO counts Monday as 1.
            #expect((components.weekday! + 5) % 7 + 1 == date.isoWeekday, "\(date)")
        }
    }

    @Test("parses YYYY-MM-DD and nothing else")
    func parsing() {
        #expect(CivilDate(iso: "2026-12-25") == CivilDate(year: 2026, month: 12, day: 25))
        #expect(CivilDate(iso: "2026-2-5") == nil)
        #expect(CivilDate(iso: "2026-02-30") == nil)
        #expect(CivilDate(iso: "25/12/2026") == nil)
    }
}

/// A tiny deterministic generator so core tests need no simulator.
struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
