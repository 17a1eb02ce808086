import Foundation
import PitwallCore

/// A salesperson or BDC agent, and how quickly they usually answer.
public struct SimulatedAgent: Sendable {
    public var id: AgentID
    public var medianMinutesToRespond: Double

    /// "Maria Okafor" for `lkt-maria`: the first name from the id, a surname chosen by the id
    /// alone (FNV-1a), so naming agents draws nothing from the seeded generator and the events
    /// stay byte for byte what they were.
    public var name: String {
        let raw = id.rawValue
        let first = raw.split(separator: "-").last.map(String.init) ?? raw
        let surname = PeopleCatalogue.lastNames[Int(idHash % UInt64(PeopleCatalogue.lastNames.count))]
        return first.prefix(1).uppercased() + first.dropFirst() + " " + surname
    }

    /// How much more often than the store's usual this agent's conversations end in an
    /// appointment: 1 for most, about one agent in ten a standout (2.4 times) and one in ten
    /// who needs coaching (0.35). Chosen by the id alone, as the name is, so that the team page
    /// has someone to find.
    public var knack: Double {
        switch (idHash >> 24) % 10 {
        case 0: 0.35
        case 9: 2.4
        default: 1
        }
    }

    /// How the agent's customers rate the store beside the usual, in points of 5: most 0, one
    /// agent in ten curt with customers (-0.6) and one in ten a favourite (+0.3). Chosen by
    /// other bits of the id than `knack`, so the two come apart.
    public var rapport: Double {
        switch (idHash >> 40) % 10 {
        case 3: -0.6
        case 6: 0.3
        default: 0
        }
    }

    /// FNV-1a of the id.
    private var idHash: UInt64 { StableHash.fnv1a(id.rawValue) }
}

/// One rooftop of the simulated group.
public struct SimulatedStore: Sendable {
    public var profile: StoreProfile
    public var code: String
    public var brand: String
    public var region: String
    public var areaCodes: [String]
    /// Relative lead volume (1 = the group's average store).
    public var volume: Double
    public var agents: [SimulatedAgent]
    /// Sends an automatic e-mail acknowledgement before the first real answer.
    public var sendsAutoReply: Bool
    /// Multiplier on the chance a lead buys; some stores close better than others.
    public var closingSkill: Double

    public var calendar: BusinessCalendar { profile.calendar }
}

struct StoreTemplate {
    var name: String
    var code: String
    var zone: String
    var region: String
    var brand: String
    var areaCodes: [String]
}

extension SimulatedStore {
    static let templates: [StoreTemplate] = [
        StoreTemplate(name: "Lakeside Toyota", code: "LKT", zone: "America/Chicago", region: "midwest", brand: "Toyota", areaCodes: ["312", "773", "630"]),
        StoreTemplate(name: "Harbor Point Honda", code: "HPH", zone: "America/Los_Angeles", region: "west", brand: "Honda", areaCodes: ["619", "858"]),
        StoreTemplate(name: "Summit Ford", code: "SMF", zone: "America/Denver", region: "mountain", brand: "Ford", areaCodes: ["303", "720"]),
        StoreTemplate(name: "Riverside Chevrolet", code: "RVC", zone: "America/New_York", region: "northeast", brand: "Chevrolet", areaCodes: ["518", "315"]),
        StoreTemplate(name: "Desert Sun Nissan", code: "DSN", zone: "America/Phoenix", region: "southwest", brand: "Nissan", areaCodes: ["602", "480"]),
        StoreTemplate(name: "Magnolia Hyundai", code: "MGH", zone: "America/Chicago", region: "south", brand: "Hyundai", areaCodes: ["601", "769"]),
        StoreTemplate(name: "Cascade Subaru", code: "CSS", zone: "America/Los_Angeles", region: "northwest", brand: "Subaru", areaCodes: ["503", "971"]),
        StoreTemplate(name: "Bayou Kia", code: "BYK", zone: "America/Chicago", region: "south", brand: "Kia", areaCodes: ["504", "985"]),
    ]
    static let branchSuffixes = ["North", "South", "East", "West", "Central", "Valley", "Airport", "Downtown"]

    static let agentFirstNames = [
        "maria", "james", "aisha", "dmitri", "keisha", "tom", "lena", "carlos", "priya", "ben", "rosa", "kevin", "nadia", "omar",
        "grace", "luis", "hannah", "victor", "mei", "sam",
    ]

    /// Builds the group's stores: the same seed and count always give the same stores.
    static func group(count: Int, seed: UInt64, years: ClosedRange<Int>) -> [SimulatedStore] {
        (0..<count).map { index in
            var random = SeededRandom(seed: seed, stream: 1, UInt64(index))
            let template = templates[index % templates.count]
            let round = index / templates.count
            let name = round == 0 ? template.name : "\(template.name) \(branchSuffixes[(round - 1) % branchSuffixes.count])"
            let code = round == 0 ? template.code : "\(template.code)\(round + 1)"
            let sundayOpen = index % 2 == 0
            let saturday = index % 4 == 3 ? "09:00-13:00,14:00-18:00" : "09:00-18:00"
            let week = ["09:00-20:00", "09:00-20:00", "09:00-20:00", "09:00-20:00", "09:00-19:00", saturday, sundayOpen ? "11:00-17:00" : "closed"]
            let hours = WeeklyHours(days: week.map { try! WeeklyHours.parseDay($0) })
            let profile = StoreProfile(
                id: StoreID(code.lowercased()), name: name, timeZone: TimeZone(identifier: template.zone)!, hours: hours,
                holidays: USHolidays.dates(years: years))
            // One store in four has a slow floor: the pattern a BDC manager needs to spot.
            let slowFloor = index % 4 == 2
            let agentCount = random.integer(4...7)
            var names = agentFirstNames
            let agents = (0..<agentCount).map { _ in
                let first = names.remove(at: random.integer(0...(names.count - 1)))
                let median = slowFloor ? random.uniform(14...30) : random.uniform(2.5...9)
                return SimulatedAgent(id: AgentID("\(code.lowercased())-\(first)"), medianMinutesToRespond: median)
            }
            return SimulatedStore(
                profile: profile, code: code, brand: template.brand, region: template.region, areaCodes: template.areaCodes,
                volume: random.uniform(0.65...1.4), agents: agents, sendsAutoReply: index % 3 == 1,
                closingSkill: random.uniform(0.8...1.2))
        }
    }
}

/// The holidays US dealerships commonly close for.
enum USHolidays {
    static func dates(years: ClosedRange<Int>) -> Set<CivilDate> {
        var dates: Set<CivilDate> = []
        for year in years {
            dates.insert(CivilDate(year: year, month: 1, day: 1)!)
            dates.insert(lastWeekday(1, of: 5, year: year))  // Memorial Day: last Monday of May
            dates.insert(CivilDate(year: year, month: 7, day: 4)!)
            dates.insert(nthWeekday(1, 1, of: 9, year: year))  // Labor Day: first Monday of September
            dates.insert(nthWeekday(4, 4, of: 11, year: year))  // Thanksgiving: fourth Thursday of November
            dates.insert(CivilDate(year: year, month: 12, day: 25)!)
        }
        return dates
    }

    static func nthWeekday(_ n: Int, _ isoWeekday: Int, of month: Int, year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)!
        let shift = (isoWeekday - first.isoWeekday + 7) % 7
        return first.adding(days: shift + 7 * (n - 1))
    }

    static func lastWeekday(_ isoWeekday: Int, of month: Int, year: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
        return last.adding(days: -((last.isoWeekday - isoWeekday + 7) % 7))
    }
}
