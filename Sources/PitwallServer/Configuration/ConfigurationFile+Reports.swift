import PitwallCore

extension ConfigurationFile {
    /// `reports: {daily: {at: "08:00", channels: [bdc-mail]}, weekly: {...}, monthly: {...}}`:
    /// which of the SOP's reports go out, at what local time (08:00 daily, 09:00 weekly and
    /// monthly unless set) and to which of `notifications.channels`.
    static func parseReports(_ node: ConfigNode, channels: [NotificationChannel]) throws(ConfigurationError) -> ReportSettings {
        let known = Set(channels.map(\.name))
        var settings = ReportSettings()
        let fields = try node.mapping(allowedKeys: Set(ReportKind.allCases.map(\.rawValue)))
        for kind in ReportKind.allCases {
            guard let entry = fields[kind.rawValue] else { continue }
            let report = try entry.mapping(allowedKeys: ["at", "channels"])
            var minute = kind.defaultMinute
            if let at = report["at"] {
                let text = try at.string()
                let parts = text.split(separator: ":")
                guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minutes = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minutes) else {
                    throw at.error("'\(text)' is not a time like 08:00")
                }
                minute = hour * 60 + minutes
            }
            guard let channelsNode = report["channels"] else {
                throw entry.error("'channels' is required: the notification channels the \(kind.rawValue) report goes to")
            }
            var names: [String] = []
            for item in try channelsNode.sequence() {
                let name = try item.string()
                guard known.contains(name) else { throw item.error("'\(name)' is not a channel under notifications.channels") }
                if !names.contains(name) { names.append(name) }
            }
            guard !names.isEmpty else { throw channelsNode.error("name at least one channel") }
            settings.schedules.append(ReportSchedule(kind: kind, minute: minute, channels: names))
        }
        return settings
    }
}
