import Foundation
import PitwallCore

/// The words and the JSON of a notification.
enum NotificationMessage {
    static func acknowledgeURL(_ notice: AlertNotice, linkBase: String?) -> String? {
        guard let linkBase, notice.kind != .resolved else { return nil }
        // The id is one path segment: encode what could end it early.
        let parts = notice.acknowledgePath.split(separator: "/", omittingEmptySubsequences: false).map { String($0).addingPercentEncodingForPath }
        return linkBase.trimmingTrailingSlash + parts.joined(separator: "/")
    }

    /// The webhook body: what happened, where, with the figures, and how to acknowledge.
    static func json(_ batch: NotificationBatch, linkBase: String?) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("source", "pitwall")
        writer.member("sent_at", batch.at)
        writer.member("channel", batch.channel.name)
        writer.key("store_id")
        if let store = batch.store { writer.string(store.rawValue) } else { writer.null() }
        writer.member("store_name", batch.storeName)
        writer.key("alerts")
        writer.beginArray()
        for notice in batch.notices {
            writer.beginObject()
            writer.member("kind", notice.kind.rawValue)
            writer.member("alert_id", notice.alertID)
            writer.member("rule_id", notice.ruleID)
            writer.member("name", notice.name)
            writer.member("segment", notice.segment.description)
            writer.member("store_name", notice.storeName)
            writer.member("severity", notice.severity?.rawValue)
            writer.member("text", notice.text)
            if let measurement = notice.measurement {
                writer.optionalNumber("value", measurement.value)
                writer.optionalNumber("bound", measurement.bound)
                writer.key("sample")
                writer.integer(Int64(measurement.sample))
            }
            writer.member("acknowledge_url", acknowledgeURL(notice, linkBase: linkBase))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.text
    }

    /// An e-mail subject: the worst news first, and where.
    static func subject(_ batch: NotificationBatch) -> String {
        let worst = batch.notices.contains { $0.kind != .resolved && $0.severity == .critical } ? "CRITICAL"
            : batch.notices.contains { $0.kind != .resolved } ? "WARNING" : "RESOLVED"
        let names = Array(Set(batch.notices.map(\.name))).sorted().joined(separator: ", ")
        return "Pitwall [\(worst)] \(batch.about): \(names)"
    }

    /// The same as a few lines of text, for chat and e-mail.
    static func text(_ batch: NotificationBatch, linkBase: String?) -> String {
        var lines = ["Pitwall: \(batch.about)"]
        // A message about several stores says whose each line is.
        let whose = { (notice: AlertNotice) in batch.store == nil ? notice.storeName.map { "\($0): " } ?? "" : "" }
        for notice in batch.notices {
            let label = switch notice.kind {
            case .firing: "[\(notice.severity?.rawValue.uppercased() ?? "ALERT")]"
            case .reminder: "[STILL \(notice.severity?.rawValue.uppercased() ?? "FIRING")]"
            case .resolved: "[RESOLVED]"
            }
            lines.append("\(label) \(whose(notice))\(notice.text)")
            if let link = acknowledgeURL(notice, linkBase: linkBase) {
                lines.append("  acknowledge: POST \(link)")
            }
        }
        // One cause at several stores: one request takes it on everywhere, one pauses its pages
        // at every store while it is worked on.
        if batch.store == nil, let linkBase {
            let open = batch.notices.filter { $0.kind != .resolved && $0.storeName != nil }
            for (ruleID, notices) in Dictionary(grouping: open, by: \.ruleID).sorted(by: { $0.key < $1.key })
            where Set(notices.compactMap(\.storeName)).count > 1 {
                let base = linkBase.trimmingTrailingSlash
                lines.append("acknowledge every \(notices[0].name) alert: POST \(base)/v1/alerts/ack " + #"{"rule_id": "\#(ruleID)"}"#)
                lines.append("pause its pages at every store for 2 hours: POST \(base)/v1/silences " + #"{"rule_id": "\#(ruleID)", "minutes": 120}"#)
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }

    /// Percent-encodes what may not stand in one URL path segment.
    var addingPercentEncodingForPath: String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
