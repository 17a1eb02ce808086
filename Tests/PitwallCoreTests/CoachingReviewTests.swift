import Foundation
import Testing

@testable import PitwallCore

@Suite("Coaching review: each coached agent's figure since, against as many days before")
struct CoachingReviewTests {
    let catalog = KPICatalog.standard
    let recorded = Timestamp(millisecondsSinceEpoch: 1_770_000_000_000)

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    func session(_ id: String, agent: String, on text: String, focus: KPIKey = .agentPickupWithinSLA) -> CoachingSession {
        CoachingSession(id: id, store: "north", agent: agent, day: day(text), focus: focus, note: nil, recordedBy: "manager", recordedAt: recorded)
    }

    func share(_ key: KPIKey, _ counted: Double, of: Double) -> KPIResult {
        KPIResult(key: key, value: of > 0 ? counted / of : nil, numerator: counted, denominator: of, details: [], status: .none, gap: nil)
    }

    @Test("the windows: up to 30 days since the coaching and as many before, the coaching day in neither")
    func windows() throws {
        let coached = day("2026-03-10")
        #expect(BeforeAndSince.windows(around: coached, through: coached) == nil)
        let one = try #require(BeforeAndSince.windows(around: coached, through: day("2026-03-11")))
        #expect(one.before == day("2026-03-09")...day("2026-03-09") && one.since == day("2026-03-11")...day("2026-03-11"))
        let twelve = try #require(BeforeAndSince.windows(around: coached, through: day("2026-03-22")))
        #expect(twelve.before == day("2026-02-26")...day("2026-03-09") && twelve.since == day("2026-03-11")...day("2026-03-22"))
        // Long after, still the 30 days next to the coaching, not the latest 30.
        let later = try #require(BeforeAndSince.windows(around: coached, through: day("2026-09-01")))
        #expect(later.before == day("2026-02-08")...day("2026-03-09") && later.since == day("2026-03-11")...day("2026-04-09"))
    }

    /// Ana: pick-up 12 of 40 before, 36 of 40 since (took). Ben: appointments 20 of 100 before,
    /// 4 of 100 since (slipped). Cy: 20 of 50 before, 24 of 50 since (no clear change). Dee:
    /// 10 leads since (too early). Eve: coached today.
    var review: CoachingReview {
        let sessions = [
            session("a", agent: "ana", on: "2026-03-01"), session("b", agent: "ben", on: "2026-03-02", focus: .appointmentSettingRate),
            session("c", agent: "cy", on: "2026-03-03"), session("d", agent: "dee", on: "2026-03-20"), session("e", agent: "eve", on: "2026-03-31"),
        ]
        let figures: [String: (before: KPIResult, since: KPIResult)] = [
            "ana": (share(.agentPickupWithinSLA, 12, of: 40), share(.agentPickupWithinSLA, 36, of: 40)),
            "ben": (share(.appointmentSettingRate, 20, of: 100), share(.appointmentSettingRate, 4, of: 100)),
            "cy": (share(.agentPickupWithinSLA, 20, of: 50), share(.agentPickupWithinSLA, 24, of: 50)),
            "dee": (share(.agentPickupWithinSLA, 30, of: 60), share(.agentPickupWithinSLA, 9, of: 10)),
        ]
        return CoachingReview(sessions: sessions, through: day("2026-03-31"), catalog: catalog) { session, window in
            guard let pair = figures[session.agent] else { return nil }
            return window.upperBound < session.day ? pair.before : pair.since
        }
    }

    @Test("took, slipped, within chance and too early, the newest coaching first")
    func verdicts() throws {
        let outcomes = Dictionary(uniqueKeysWithValues: review.outcomes.map { ($0.session.agent, $0) })
        #expect(review.outcomes.map(\.session.agent) == ["eve", "dee", "cy", "ben", "ana"])
        #expect(outcomes["ana"]?.verdict == .took)
        #expect(outcomes["ben"]?.verdict == .slipped)
        #expect(outcomes["cy"]?.verdict == .noClearChange)
        #expect((outcomes["cy"]?.changeChance ?? 0) > 0.4)
        #expect(outcomes["dee"]?.verdict == .tooEarly && outcomes["dee"]?.changeChance == nil)
        #expect(outcomes["eve"]?.verdict == .tooEarly && outcomes["eve"]?.since == nil)
        // Ana's 30 days each side; Dee's 11.
        #expect(outcomes["ana"]?.days == 30 && outcomes["dee"]?.days == 11)
        #expect(review.count(.took) == 1 && review.count(.tooEarly) == 2)
    }

    @Test("a higher opt-out rate since is worse, not better")
    func higherIsWorse() throws {
        let coached = session("o", agent: "ana", on: "2026-03-01", focus: .optOutRate)
        let review = CoachingReview(sessions: [coached], through: day("2026-04-15"), catalog: catalog) { session, window in
            window.upperBound < session.day ? share(.optOutRate, 2, of: 200) : share(.optOutRate, 30, of: 200)
        }
        #expect(review.outcomes.first?.verdict == .slipped)
    }

    @Test("every session is tested at once: a change clear alone is not called among many sessions that did not move")
    func holmOverTheLog() throws {
        // Alone, 10 of 40 → 19 of 40 is past 5 % (p ≈ 0.035); beside nine sessions that did not move, it is not.
        func review(_ others: Int) -> CoachingReview {
            let sessions = [session("x", agent: "x", on: "2026-03-01")] + (0..<others).map { session("s\($0)", agent: "s\($0)", on: "2026-03-01") }
            return CoachingReview(sessions: sessions, through: day("2026-04-15"), catalog: catalog) { session, window in
                let before = window.upperBound < session.day
                return session.agent == "x" ? share(.agentPickupWithinSLA, before ? 10 : 19, of: 40) : share(.agentPickupWithinSLA, 20, of: 40)
            }
        }
        let alone = try #require(review(0).outcomes.first)
        #expect(alone.verdict == .took && (alone.changeChance ?? 1) < 0.05)
        #expect(review(9).outcomes.first { $0.session.agent == "x" }?.verdict == .noClearChange)
    }

    @Test("a young window since is judged where it is heading, not as it stands")
    func youngSince() throws {
        var since = share(.leadToSaleConversion, 20, of: 400)
        since.maturity = CohortMaturity(outcome: .sale, shareIn: 0.5, typicalDelay: 20 * 86_400, measuredOn: 900, settlesOn: day("2026-04-30"))
        let coached = session("s", agent: "ana", on: "2026-03-01", focus: .leadToSaleConversion)
        let review = CoachingReview(sessions: [coached], through: day("2026-03-31"), catalog: catalog) { session, window in
            window.upperBound < session.day ? share(.leadToSaleConversion, 40, of: 400) : since
        }
        // 20 sales with half in heads for the same 10 %: no change, where as they stand it reads halved.
        #expect(review.outcomes.first?.verdict == .noClearChange)
        #expect(review.outcomes.first?.words(catalog: catalog).contains("heading for 10% (20 of 400 so far)") == true)
    }

    @Test("the words say the verdict, both figures, the days and what is missing")
    func words() throws {
        let outcomes = Dictionary(uniqueKeysWithValues: review.outcomes.map { ($0.session.agent, $0.words(catalog: catalog)) })
        #expect(outcomes["ana"] == "It took: agent pick-up within SLA 90% (36 of 40) in the 30 days since, from 30% (12 of 40) in the 30 days before.")
        #expect(outcomes["ben"] == "Worse since: appointment setting rate 4% (4 of 100) in the 29 days since, from 20% (20 of 100) in the 29 days before.")
        #expect(outcomes["cy"]?.hasPrefix("No clear change: agent pick-up within SLA 48% (24 of 50) in the 28 days since, from 40% (20 of 50)") == true)
        #expect(outcomes["cy"]?.hasSuffix("; chance alone moves it this far 42 times in 100.") == true)
        #expect(outcomes["dee"] == "Too early to tell: 10 since counted for agent pick-up within SLA in the 11 days each side; 30 are needed on each.")
        #expect(outcomes["eve"] == "Too early to tell: the days since begin the day after the coaching.")
        let ana = try #require(review.outcomes.last)
        #expect(ana.title(catalog: catalog, agentName: "Ana Diaz", storeName: "North Ford") == "Ana Diaz (North Ford), coached 1 Mar 2026 on agent pick-up within SLA")
    }

    @Test("a field that cannot be recorded is named with what is wrong")
    func refusals() throws {
        let today = day("2026-03-31")
        func refusal(store: String? = "north", agent: String? = "ana", day: String? = "2026-03-01", focus: String? = nil, note: String? = nil) -> String? {
            CoachingSession.refusal(store: store, agent: agent, day: day, focus: focus, note: note, today: today, knownStores: ["north"]).map { "\($0.name): \($0.reason)" }
        }
        #expect(refusal() == nil)
        #expect(refusal(focus: "opt_out_rate") == nil)
        #expect(refusal(store: nil) == "store_id: give the store the agent works at")
        #expect(refusal(store: "west") == "store_id: 'west' is not a configured store")
        #expect(refusal(agent: "  ") == "agent: give the agent's id, as their leads' events carry it")
        #expect(refusal(day: "1 March") == "day: '1 March' is not a date; use YYYY-MM-DD")
        #expect(refusal(day: "2026-04-01") == "day: 2026-04-01 is after today (2026-03-31) at that store: record coaching once it happened")
        #expect(refusal(focus: "average_sale_value")?.hasPrefix("focus: 'average_sale_value' is not one of agent_pickup_within_sla, lead_response_rate") == true)
        #expect(refusal(note: String(repeating: "x", count: 501)) == "note: at most 500 characters (this one has 501)")
    }

    @Test("a session is stored as JSON and read back whole")
    func storedJSON() throws {
        var original = session("a", agent: "ana", on: "2026-03-01", focus: .appointmentShowRate)
        original.note = "Confirm the day before, by text"
        let data = try JSONEncoder().encode(original)
        #expect(try JSONDecoder().decode(CoachingSession.self, from: data) == original)
        #expect(String(decoding: data, as: UTF8.self).contains("\"day\":\"2026-03-01\""))
    }
}
