import Foundation

/// A store's clock named the way its staff say it: "CST" in January and "CDT" in July for
/// Chicago. Foundation on Linux only knows "GMT-6", which nobody on a sales floor says.
public enum ZoneAbbreviation {
    /// Standard and daylight names of the North American zones dealerships are in.
    static let northAmerican: [String: (standard: String, daylight: String)] = {
        var names: [String: (String, String)] = [:]
        let families: [((String, String), [String])] = [
            (("EST", "EDT"), ["America/New_York", "America/Detroit", "America/Toronto", "America/Indiana/Indianapolis", "America/Kentucky/Louisville"]),
            (("CST", "CDT"), ["America/Chicago", "America/Winnipeg", "America/Indiana/Knox", "America/Menominee", "America/North_Dakota/Center"]),
            (("MST", "MDT"), ["America/Denver", "America/Boise", "America/Edmonton", "America/Phoenix"]),
            (("PST", "PDT"), ["America/Los_Angeles", "America/Vancouver"]),
            (("AKST", "AKDT"), ["America/Anchorage"]),
            (("HST", "HDT"), ["Pacific/Honolulu"]),
            (("AST", "ADT"), ["America/Halifax", "America/Puerto_Rico"]),
            (("NST", "NDT"), ["America/St_Johns"]),
        ]
        for (pair, zones) in families { for zone in zones { names[zone] = pair } }
        return names
    }()

    /// The zone's name at `instant`: the usual letters where they are known, "UTC" for UTC,
    /// else what Foundation says, else the zone's identifier.
    public static func name(of zone: TimeZone, at instant: Timestamp) -> String {
        let date = Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000)
        if let pair = northAmerican[zone.identifier] { return zone.isDaylightSavingTime(for: date) ? pair.daylight : pair.standard }
        if zone.secondsFromGMT(for: date) == 0, ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier) { return "UTC" }
        return zone.abbreviation(for: date) ?? zone.identifier
    }
}
