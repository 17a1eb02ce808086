import Foundation
import Testing

@testable import PitwallCore

@Suite("Change review: a change's figure since, against as many days before, beside the rest of the group")
struct ChangeReviewTests {
    let catalog = KPICatalog.standard
    let recorded = Timestamp(millisecondsSinceEpoch: 1_770_000_000_000)

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    func change(
        _ id: String, on text: String, store: StoreID? = "north", segment: ProcessChange.Segment? = nil, figure: KPIKey = .leadResponseRate
    ) -> ProcessChange {
        ProcessChange(
            id: id, day: day(text), store: store, segment: segment, figure: figure, title: "Change \(id)", note: nil, recordedBy: "marketing",
            recordedAt: recorded)
    }

    func share(_ key: KPIKey, _ counted: Double, of: Double) -> KPIResult {
        KPIResult(key: key, value: of > 0 ? counted / of : nil, numerator: counted, denominator: of, details: [], status: .none, gap: nil)
    }

    /// Each change's figures: (changed before, changed since, rest before, rest since).
    func review(_ changes: [ProcessChange], through: String, _ figures: [String: (Double, Double, Double, Double)], of: Double = 1000) -> ChangeReview {
        ChangeReview(changes: changes, through: day(through), catalog: catalog) { change, part, window in
            guard let counts = figures[change.id], part == .changed || change.restWords != nil else { return nil }
            let before = window.upperBound < change.day
            let counted = switch (part, before) {
            case (.changed, true): counts.0
            case (.changed, false): counts.1
            case (.rest, true): counts.2
            case (.rest, false): counts.3
            }
            return share(change.figure, counted, of: of)
        }
    }

    @Test("weighed against the rest: better past chance with the rest flat; worse; moving with the rest is no clear change; too early; no rest at every store")
    func verdicts() throws {
        let changes = [
            change("better", on: "2026-03-01"), change("worse", on: "2026-03-02", figure: .optOutRate),
            change("alike", on: "2026-03-03", store: nil, segment: .init(dimension: .source, value: "facebook")),
            change("flat", on: "2026-03-04", store: nil), change("young", on: "2026-03-31"),
        ]
        let review = review(
            changes, through: "2026-03-31",
            [
                "better": (300, 380, 300, 305), "worse": (20, 60, 20, 22), "alike": (250, 330, 250, 330), "flat": (300, 310, 0, 0),
            ])
        let outcomes = Dictionary(uniqueKeysWithValues: review.outcomes.map { ($0.change.id, $0) })
        #expect(review.outcomes.map(\.change.id) == ["young", "flat", "alike", "worse", "better"])
        #expect(outcomes["better"]?.verdict == .better && outcomes["better"]?.judgedNetOfRest == true && outcomes["better"]?.movedWithRest == false)
        // Opt-outs up is worse, whatever the arithmetic sign.
        #expect(outcomes["worse"]?.verdict == .worse && outcomes["worse"]?.judgedNetOfRest == true)
        // 25% to 33% is far past chance on its own (p < 1e-4), but the rest did exactly the same.
        #expect(try #require(outcomes["alike"]?.changeChance) < 1e-4)
        #expect(outcomes["alike"]?.verdict == .noClearChange && outcomes["alike"]?.judgedNetOfRest == true && outcomes["alike"]?.movedWithRest == true)
        #expect(outcomes["flat"]?.verdict == .noClearChange && outcomes["flat"]?.restBefore == nil && outcomes["flat"]?.judgedNetOfRest == false)
        #expect(outcomes["young"]?.verdict == .tooEarly && outcomes["young"]?.since == nil)
        #expect(outcomes["better"]?.days == 30 && outcomes["worse"]?.days == 29)
        #expect(review.count(.better) == 1 && review.count(.worse) == 1 && review.count(.noClearChange) == 2 && review.count(.tooEarly) == 1)

        let catalog = self.catalog
        #expect(
            outcomes["better"]?.words(catalog: catalog, restName: "the other stores")
                == "Better since, net of the other stores: lead response rate 38% (380 of 1,000) in the 30 days since, from 30% (300 of 1,000) in the 30 days before. "
                + "The other stores over the same days: 30.5% (305 of 1,000), from 30% (300 of 1,000); net of them, +7.5 pts, past chance.")
        #expect(
            outcomes["alike"]?.words(catalog: catalog, restName: "the other sources")
                == "No clear change, net of the other sources: lead response rate 33% (330 of 1,000) in the 28 days since, from 25% (250 of 1,000) in the 28 days before. "
                + "The other sources over the same days: 33% (330 of 1,000), from 25% (250 of 1,000); net of them, 0. "
                + "It did not move clearly more than they did: the days, not the change, may be why.")
        #expect(
            outcomes["flat"]?.words(catalog: catalog, restName: "")
                == "No clear change: lead response rate 31% (310 of 1,000) in the 27 days since, from 30% (300 of 1,000) in the 27 days before; "
                + "chance alone moves it this far 63 times in 100.")
        #expect(outcomes["young"]?.words(catalog: catalog, restName: "the other stores") == "Too early to tell: the days since begin the day after the change.")
    }

    @Test("a rest under 30 counted on a side: judged on the change's own move alone; a clear move whose net is within chance is not called")
    func smallRest() throws {
        let changes = [change("thin", on: "2026-03-01"), change("some", on: "2026-03-01", figure: .appointmentSettingRate)]
        let review = ChangeReview(changes: changes, through: day("2026-03-31"), catalog: catalog) { change, part, window in
            let before = window.upperBound < change.day
            switch (change.id, part, before) {
            case ("thin", .changed, _): return share(change.figure, before ? 300 : 380, of: 1000)
            case ("thin", .rest, _): return share(change.figure, 10, of: 20)
            // 10% to 13% (p = 0.036 alone, clear over the two) against the rest's 10% to 11%: net +2 pts, p = 0.312.
            case ("some", .changed, _): return share(change.figure, before ? 100 : 130, of: 1000)
            case ("some", .rest, _): return share(change.figure, before ? 100 : 110, of: 1000)
            default: return nil
            }
        }
        let outcomes = Dictionary(uniqueKeysWithValues: review.outcomes.map { ($0.change.id, $0) })
        let thin = try #require(outcomes["thin"])
        #expect(thin.verdict == .better && !thin.judgedNetOfRest && !thin.movedWithRest && thin.netChangeChance == nil)
        #expect(
            thin.words(catalog: catalog, restName: "the other stores")
                == "Better since: lead response rate 38% (380 of 1,000) in the 30 days since, from 30% (300 of 1,000) in the 30 days before. "
                + "The other stores over the same days: 50% (10 of 20), from 50% (10 of 20); net of them, +8 pts.")
        let some = try #require(outcomes["some"])
        #expect(some.verdict == .noClearChange && some.judgedNetOfRest && some.movedWithRest)
        #expect(abs(try #require(some.netChangeChance) - 0.3119) < 0.001, "\(some.netChangeChance ?? -1)")
        #expect(
            some.words(catalog: catalog, restName: "the other stores")
                == "No clear change, net of the other stores: appointment setting rate 13% (130 of 1,000) in the 30 days since, from 10% (100 of 1,000) in the 30 days before. "
                + "The other stores over the same days: 11% (110 of 1,000), from 10% (100 of 1,000); net of them, +2 pts; "
                + "chance alone makes a difference this large 31 times in 100. It did not move clearly more than they did: the days, not the change, may be why.")
    }

    @Test("a side with fewer than 30 counted is too early, naming the counts")
    func tooFew() throws {
        let review = review([change("small", on: "2026-03-20")], through: "2026-03-31", ["small": (5, 9, 100, 120)], of: 20)
        let outcome = try #require(review.outcomes.first)
        #expect(outcome.verdict == .tooEarly && outcome.changeChance == nil)
        #expect(
            outcome.words(catalog: catalog, restName: "the other stores")
                == "Too early to tell: 20 before and 20 since counted for lead response rate in the 11 days each side; 30 are needed on each. "
                + "The other stores over the same days: 600% (120 of 20), from 500% (100 of 20).")
    }

    @Test("which leads are the change's and which the rest's")
    func parts() {
        func cell(_ store: StoreID, _ value: String) -> RollupCell { RollupCell(dimension: .source, value: value, store: store, day: 0) }
        let atNorth = change("n", on: "2026-03-01")
        #expect(atNorth.part(of: cell("north", "")) == .changed && atNorth.part(of: cell("south", "")) == .rest)
        #expect(atNorth.restWords == "the other stores" && atNorth.scopeWords(storeName: "North Motors") == "North Motors")
        let facebookAtNorth = change("f", on: "2026-03-01", segment: .init(dimension: .source, value: "facebook"))
        #expect(facebookAtNorth.part(of: cell("north", "facebook")) == .changed)
        #expect(facebookAtNorth.part(of: cell("south", "facebook")) == .rest)
        #expect(facebookAtNorth.part(of: cell("north", "website")) == nil)
        #expect(facebookAtNorth.restWords == "source facebook at the other stores")
        let facebook = change("g", on: "2026-03-01", store: nil, segment: .init(dimension: .source, value: "facebook"))
        #expect(facebook.part(of: cell("north", "facebook")) == .changed && facebook.part(of: cell("south", "website")) == .rest)
        #expect(facebook.restWords == "the other sources" && facebook.scopeWords(storeName: nil) == "source facebook at every store")
        let condition = change("v", on: "2026-03-01", store: nil, segment: .init(dimension: .vehicleCondition, value: "used"))
        #expect(condition.restWords == "the other vehicle conditions")
        let everywhere = change("e", on: "2026-03-01", store: nil)
        #expect(everywhere.part(of: cell("south", "")) == .changed && everywhere.restWords == nil)
        #expect(
            facebook.title(catalog: catalog, storeName: nil) == "Change g (source facebook at every store), 1 Mar 2026 on lead response rate")
    }

    @Test("every refusal names its field; a good change has none")
    func refusals() {
        func refusal(
            title: String? = "New first text", day: String? = "2026-03-01", store: String? = "north", segment: String? = nil, value: String? = nil,
            figure: String? = "lead_response_rate", note: String? = nil
        ) -> String? {
            ProcessChange.refusal(
                title: title, day: day, store: store, segment: segment, segmentValue: value, figure: figure, note: note, today: self.day("2026-03-10"),
                knownStores: ["north", "south"]
            ).map { "\($0.name): \($0.reason)" }
        }
        #expect(refusal() == nil)
        #expect(refusal(store: nil, segment: "campaign", value: "spring") == nil)
        #expect(refusal(title: " ") == "title: say what changed, in a line (\"First text names the car they asked about\")")
        #expect(refusal(title: String(repeating: "x", count: 121)) == "title: at most 120 characters (this one has 121)")
        #expect(refusal(day: nil) == "day: give the day the change took effect, as YYYY-MM-DD")
        #expect(refusal(day: "1 March") == "day: '1 March' is not a date; use YYYY-MM-DD")
        #expect(refusal(day: "2026-03-11") == "day: 2026-03-11 is after today (2026-03-10): record a change once it is made")
        #expect(refusal(day: "1999-12-31") == "day: 1999-12-31 is before 2000")
        #expect(refusal(store: "east") == "store_id: 'east' is not a configured store; leave it out for a change at every store")
        #expect(refusal(segment: "source") == "segment_value: give the source the change applies to")
        #expect(refusal(value: "facebook") == "segment: name what segment_value is: one of source, campaign, region, tier, vehicle_condition, agent")
        #expect(refusal(segment: "hour", value: "09") == "segment: 'hour' is not one of source, campaign, region, tier, vehicle_condition, agent")
        #expect(refusal(figure: "average_sale_value")?.hasPrefix("figure: 'average_sale_value' is not one of lead_to_sale_conversion, ") == true)
        #expect(refusal(figure: nil)?.hasPrefix("figure: name the figure the change should move: one of ") == true)
        #expect(refusal(note: String(repeating: "n", count: 501)) == "note: at most 500 characters (this one has 501)")
    }

    @Test("a change survives a round trip through its stored JSON, with and without store and segment")
    func json() throws {
        for original in [
            change("a", on: "2026-03-01"), change("b", on: "2026-03-02", store: nil, segment: .init(dimension: .campaign, value: "spring \"deal\" – 0%")),
        ] {
            var withNote = original
            withNote.note = "Tested on 3 stores first"
            for stored in [original, withNote] {
                let data = try JSONEncoder().encode(stored)
                #expect(try JSONDecoder().decode(ProcessChange.self, from: data) == stored)
            }
        }
    }

    @Test("the API's JSON of a review: the rest beside each side, a verdict count for each")
    func reviewJSON() throws {
        let review = review([change("better", on: "2026-03-01"), change("flat", on: "2026-03-04", store: nil)], through: "2026-03-31", [
            "better": (300, 380, 300, 305), "flat": (300, 310, 0, 0),
        ])
        var writer = JSONWriter()
        writer.beginObject()
        review.write(to: &writer, catalog: catalog)
        writer.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.text.utf8)) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { $0["id"] as? String } == ["flat", "better"])
        #expect(changes[0]["store"] is NSNull && changes[0]["rest"] is NSNull && (changes[0]["since"] as? [String: Any])?["rest"] is NSNull)
        let since = try #require(changes[1]["since"] as? [String: Any])
        #expect(since["from"] as? String == "2026-03-02" && since["to"] as? String == "2026-03-31" && since["numerator"] as? Double == 380)
        #expect((since["rest"] as? [String: Any])?["numerator"] as? Double == 305)
        #expect(changes[1]["verdict"] as? String == "better" && changes[1]["judged_net_of_rest"] as? Bool == true)
        #expect(changes[0]["judged_net_of_rest"] as? Bool == false, "no rest: judged on its own move")
        // 30% to 38% against the rest's 30% to 30.5%: 7.5 points more; a change without a rest has none.
        #expect(abs((changes[1]["net_change"] as? Double ?? 0) - 0.075) < 1e-12 && changes[0]["net_change"] is NSNull)
        // Each of the four shares' variance added: z = 0.075 / 0.02945, two-sided p = 0.01089.
        #expect(abs((changes[1]["net_change_chance"] as? Double ?? 0) - 0.010887) < 1e-5 && changes[0]["net_change_chance"] is NSNull)
        #expect(object["summary"] as? [String: Int] == ["better": 1, "worse": 0, "no_clear_change": 1, "too_early": 0])
    }

    @Test("a difference in differences: chance of the change's move against the rest's, by hand")
    func movesDiffer() throws {
        func chance(_ own: (Double, Double, Double), _ rest: (Double, Double, Double)) -> Double? {
            ChangeTest.movesDifferChance(own: ((own.0, own.2), (own.1, own.2)), rest: ((rest.0, rest.2), (rest.1, rest.2)))
        }
        // 20% to 30% of 100 against the rest's 20% to 22%: z = 0.08 / 0.0837, p = 0.3395.
        #expect(abs(try #require(chance((20, 30, 100), (20, 22, 100))) - 0.339531) < 1e-5)
        // 25% to 75% of 40 against a rest that stood still: p = 0.00026.
        #expect(abs(try #require(chance((10, 30, 40), (10, 10, 40))) - 0.000260730) < 1e-7)
        // Moving alike is no difference; nothing varying and nothing moving, none either.
        #expect(chance((20, 30, 100), (20, 30, 100)) == 1)
        #expect(chance((0, 0, 100), (100, 100, 100)) == 1)
        #expect(chance((0, 100, 100), (0, 0, 100)) == 0)
        #expect(chance((1, 2, 0), (1, 2, 10)) == nil)
    }
}
