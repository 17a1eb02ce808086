import Foundation
import Hummingbird
import PitwallCore

/// Alerts now and before, acknowledgement, and the red / yellow / green status board.
struct AlertsController {
    let alerts: any AlertStore
    let configuration: PitwallConfiguration
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let read = group.add(middleware: RequireScopeMiddleware(required: .read))
        read.get("alerts", use: current)
        read.get("alerts/history", use: history)
        read.get("status", use: status)
        read.get("silences", use: listSilences)
        group.group("alerts").add(middleware: RequireScopeMiddleware(required: .manage)).post("{id}/ack", use: acknowledge)
        let silences = group.group("silences").add(middleware: RequireScopeMiddleware(required: .manage))
        silences.post(use: createSilence)
        silences.delete("{id}", use: endSilence)
    }

    var rulesByID: [String: AlertRule] { Dictionary(configuration.alertRules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }

    @Sendable func current(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let state = parameters["state"].map(String.init) ?? "active"
        let allowed = ["active", "all"] + AlertCondition.allCases.map(\.rawValue)
        guard allowed.contains(state) else { throw APIError.badRequest("state: '\(state)' is not one of \(allowed.joined(separator: ", "))", code: "invalid_parameter") }
        let store = parameters["store"].map { StoreID(String($0)) }
        let chosen = try await alerts.alertStatuses().filter { status in
            let matches = switch state {
            case "all": true
            case "active": status.condition == .firing || status.condition == .pending
            default: status.condition.rawValue == state
            }
            return matches && (store == nil || status.segment.store == store)
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", clock.now())
        writer.key("alerts")
        writer.beginArray()
        for status in chosen.sorted(by: Self.moreUrgent) { write(status, to: &writer) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    /// Firing before pending before the rest; critical before warning; then by id.
    static func moreUrgent(_ lhs: AlertStatus, _ rhs: AlertStatus) -> Bool {
        func rank(_ status: AlertStatus) -> (Int, Int, String) {
            let condition = [AlertCondition.firing, .pending, .noData, .resolved, .ok].firstIndex(of: status.condition)!
            return (condition, status.severity == .critical ? 0 : 1, status.id)
        }
        return rank(lhs) < rank(rhs)
    }

    func write(_ status: AlertStatus, to writer: inout JSONWriter) {
        let rule = rulesByID[status.ruleID]
        writer.beginObject()
        writer.member("id", status.id)
        writer.member("rule_id", status.ruleID)
        writer.member("name", rule?.name)
        writer.member("segment", status.segment.description)
        writer.member("store_id", status.segment.store)
        writer.member("condition", status.condition.rawValue)
        writer.member("severity", status.severity?.rawValue)
        writer.member("since", status.since)
        writer.member("breach_since", status.breachSince)
        writer.member("evaluated_at", status.evaluatedAt)
        if let rule {
            writer.member("direction", rule.direction.rawValue)
            writer.optionalNumber("warning", rule.warning)
            writer.optionalNumber("critical", rule.critical)
            writer.member("window", rule.window.description)
            writer.key("minimum_sample")
            writer.integer(Int64(rule.minimumSample))
        }
        if let measurement = status.measurement {
            writer.optionalNumber("value", measurement.value)
            writer.optionalNumber("numerator", measurement.numerator)
            writer.optionalNumber("denominator", measurement.denominator)
            writer.optionalNumber("bound", measurement.bound)
            writer.key("sample")
            writer.integer(Int64(measurement.sample))
            writer.member("note", measurement.note)
        }
        if let acknowledgement = status.acknowledgement {
            writer.member("acknowledged_by", acknowledgement.by)
            writer.member("acknowledged_at", acknowledgement.at)
            writer.member("comment", acknowledgement.comment)
            writer.member("acknowledged_until", acknowledgement.until)
        }
        writer.endObject()
    }

    @Sendable func history(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let after = try TimestampAuditController.integer(parameters["after"], name: "after", in: 0...Int.max, default: 0)
        let limit = try TimestampAuditController.integer(parameters["limit"], name: "limit", in: 1...1000, default: 200)
        let records = try await alerts.alertHistory(after: Int64(after), limit: limit, alertID: parameters["alert"].map(String.init))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("transitions")
        writer.beginArray()
        for record in records {
            let transition = record.transition
            writer.beginObject()
            writer.key("sequence")
            writer.integer(record.sequence)
            writer.member("alert_id", transition.alertID)
            writer.member("rule_id", transition.ruleID)
            writer.member("segment", transition.segment.description)
            writer.member("at", transition.at)
            writer.member("from", transition.from.rawValue)
            writer.member("to", transition.to.rawValue)
            writer.member("severity", transition.severity?.rawValue)
            if let measurement = transition.measurement {
                writer.optionalNumber("value", measurement.value)
                writer.optionalNumber("numerator", measurement.numerator)
                writer.optionalNumber("denominator", measurement.denominator)
                writer.optionalNumber("bound", measurement.bound)
                writer.key("sample")
                writer.integer(Int64(measurement.sample))
                writer.member("note", measurement.note)
            }
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func acknowledge(request: Request, context: PitwallRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        var comment: String?
        var quietMinutes: Int?
        let body = try await request.body.collect(upTo: 64 * 1024)
        if body.readableBytes > 0 {
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw APIError.badRequest("the body must be a JSON object such as {\"comment\": \"carrier ticket 4411\", \"quiet_minutes\": 60}", code: "invalid_body")
            }
            if let value = object["comment"], !(value is NSNull) {
                guard let text = value as? String, text.count <= 2000 else {
                    throw APIError.badRequest("comment: must be a string of at most 2000 characters", code: "invalid_body")
                }
                comment = text
            }
            if let value = object["quiet_minutes"], !(value is NSNull) {
                guard let number = value as? Int, (1...10_080).contains(number) else {
                    throw APIError.badRequest("quiet_minutes: must be a whole number from 1 to 10080 (a week)", code: "invalid_body")
                }
                quietMinutes = number
            }
        }
        let now = clock.now()
        let acknowledgement = AlertAcknowledgement(
            by: context.accessToken?.name ?? "unknown", at: now, comment: comment, until: quietMinutes.map { now.adding(seconds: Double($0) * 60) })
        guard let status = try await alerts.acknowledgeAlert(id, acknowledgement) else {
            throw APIError.notFound("no alert with id '\(id)'; GET /v1/alerts?state=all lists them")
        }
        guard status.condition == .firing else {
            throw APIError(.conflict, code: "not_firing", message: "alert '\(id)' is \(status.condition.rawValue); only a firing alert can be acknowledged")
        }
        var writer = JSONWriter()
        write(status, to: &writer)
        return Response.json(writer.text)
    }

    @Sendable func status(request: Request, context: PitwallRequestContext) async throws -> Response {
        let statuses = try await alerts.alertStatuses()
        let storeIDs = Set(configuration.stores.map(\.id)).union(statuses.compactMap(\.segment.store))
        let board = StatusBoard(
            statuses: statuses, rules: configuration.alertRules, stores: storeIDs.sorted().map(configuration.store), catalog: configuration.kpiCatalog)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", clock.now())
        writer.key("system")
        Self.write(board.system, to: &writer)
        writer.key("stores")
        writer.beginArray()
        for tile in board.stores { Self.write(tile, to: &writer) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    static func write(_ tile: BoardTile, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("name", tile.name)
        writer.member("store_id", tile.storeID)
        writer.member("status", tile.colour.rawValue)
        writer.key("reasons")
        writer.beginArray()
        for reason in tile.reasons { writer.string(reason) }
        writer.endArray()
        writer.endObject()
    }

    @Sendable func listSilences(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = clock.now()
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        writer.key("silences")
        writer.beginArray()
        for silence in try await alerts.silences(endingAfter: now) { Self.write(silence, to: &writer) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func createSilence(request: Request, context: PitwallRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw APIError.badRequest(
                "the body must be a JSON object such as {\"rule_id\": \"opt_out_rate\", \"store_id\": \"lkt\", \"minutes\": 120, \"comment\": \"...\"}",
                code: "invalid_body")
        }
        func text(_ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String, !text.isEmpty, text.count <= 2000 else {
                throw APIError.badRequest("\(key): must be a non-empty string", code: "invalid_body")
            }
            return text
        }
        let ruleID = try text("rule_id")
        if let ruleID, rulesByID[ruleID] == nil {
            throw APIError.badRequest(
                "rule_id: '\(ruleID)' is not a rule; the rules are \(configuration.alertRules.map(\.id).joined(separator: ", "))", code: "invalid_body")
        }
        let store = try text("store_id").map { StoreID($0) }
        guard ruleID != nil || store != nil else {
            throw APIError.badRequest("give rule_id, store_id or both: a silence mutes something in particular", code: "invalid_body")
        }
        guard let minutes = object["minutes"] as? Int, (1...43_200).contains(minutes) else {
            throw APIError.badRequest("minutes: required, a whole number from 1 to 43200 (30 days)", code: "invalid_body")
        }
        let now = clock.now()
        let silence = AlertSilence(
            id: "silence-" + UUID().uuidString.lowercased(), ruleID: ruleID, store: store, startsAt: now, endsAt: now.adding(seconds: Double(minutes) * 60),
            createdBy: context.accessToken?.name ?? "unknown", comment: try text("comment"))
        try await alerts.addSilence(silence)
        var writer = JSONWriter()
        Self.write(silence, to: &writer)
        return Response.json(writer.text, status: .created)
    }

    @Sendable func endSilence(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let silence = try await alerts.endSilence(id, by: context.accessToken?.name ?? "unknown", at: clock.now()) else {
            throw APIError.notFound("no silence with id '\(id)'")
        }
        var writer = JSONWriter()
        Self.write(silence, to: &writer)
        return Response.json(writer.text)
    }

    static func write(_ silence: AlertSilence, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", silence.id)
        writer.key("rule_id")
        if let rule = silence.ruleID { writer.string(rule) } else { writer.null() }
        writer.key("store_id")
        if let store = silence.store { writer.string(store.rawValue) } else { writer.null() }
        writer.member("starts_at", silence.startsAt)
        writer.member("ends_at", silence.endsAt)
        writer.member("created_by", silence.createdBy)
        writer.member("comment", silence.comment)
        writer.endObject()
    }
}
