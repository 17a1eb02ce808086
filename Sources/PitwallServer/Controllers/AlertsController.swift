import Foundation
import Hummingbird
import PitwallCore

/// Alerts now and before, acknowledgement, and the red / yellow / green status board.
struct AlertsController {
    let alerts: any AlertStore
    let configurations: ConfigurationBook
    /// The caller's organisation's.
    var configuration: PitwallConfiguration { configurations.current }
    let clock: any WallClock
    /// A retried silence (same Idempotency-Key) makes no second one.
    let idempotent: IdempotentRequest

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        // A group of its own: middleware added to `group` itself would guard every route
        // registered on it afterwards, other controllers' included.
        let read = group.group().add(middleware: RequireScopeMiddleware(required: .read))
        read.get("alerts", use: current)
        read.get("alerts/history", use: history)
        read.get("status", use: status)
        read.get("silences", use: listSilences)
        let manageAlerts = group.group("alerts").add(middleware: RequireScopeMiddleware(required: .manage))
        manageAlerts.post("ack", use: acknowledgeRule)
        manageAlerts.post("{id}/ack", use: acknowledge)
        let silences = group.group("silences").add(middleware: RequireScopeMiddleware(required: .manage))
        silences.post(use: createSilence)
        silences.delete("{id}", use: endSilence)
    }

    var rulesByID: [String: AlertRule] { configuration.alertRules.byID }

    @Sendable func current(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let state = parameters["state"].map(String.init) ?? "active"
        let allowed = ["active", "all"] + AlertCondition.allCases.map(\.rawValue)
        guard allowed.contains(state) else { throw APIError.badRequest("state: '\(state)' is not one of \(allowed.joined(separator: ", "))", code: "invalid_parameter") }
        let store = parameters["store"].map { StoreID(String($0)) }
        let chosen = try await alerts.statuses(of: configuration.alertRules).filter { status in
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
        writer.member("changed_at", status.evaluatedAt)
        if let rule {
            writer.member("direction", rule.direction.rawValue)
            writer.optionalNumber("warning", rule.warning)
            writer.optionalNumber("critical", rule.critical)
            writer.member("window", rule.window.description)
            writer.key("minimum_sample")
            writer.integer(Int64(rule.minimumSample))
        }
        status.measurement?.writeMembers(to: &writer)
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
            transition.measurement?.writeMembers(to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func acknowledge(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        let body = try await JSONRequestBody.read(request, example: #"{"comment": "carrier ticket 4411", "quiet_minutes": 60}"#)
        let acknowledgement = try acknowledgement(body, context: context)
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

    /// Who acknowledges (the token's name), why and for how long, from the request's body.
    func acknowledgement(_ body: JSONRequestBody, context: PitwallRequestContext) throws -> AlertAcknowledgement {
        let comment = try body.text("comment")
        let quietMinutes = try body.integer("quiet_minutes", in: 1...10_080)
        let now = clock.now()
        return AlertAcknowledgement(
            by: context.accessToken?.name ?? "unknown", at: now, comment: comment, until: quietMinutes.map { now.adding(seconds: Double($0) * 60) })
    }

    /// Every firing alert of one rule at once, e.g. receipts that stopped at every store.
    @Sendable func acknowledgeRule(request: Request, context: PitwallRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.read(
            request, example: #"{"rule_id": "receipts_missing", "comment": "provider ticket 4411", "quiet_minutes": 60}"#, required: true)
        guard let ruleID = try body.text("rule_id", maximumLength: 128) else {
            throw APIError.badRequest("rule_id: required, the rule whose firing alerts to acknowledge", code: "invalid_body")
        }
        guard rulesByID[ruleID] != nil else {
            throw APIError.badRequest(
                "rule_id: '\(ruleID)' is not a rule; the rules are \(configuration.alertRules.map(\.id).joined(separator: ", "))", code: "invalid_body")
        }
        let store = try body.text("store_id", maximumLength: 128).map { StoreID($0) }
        let acknowledgement = try acknowledgement(body, context: context)
        let acknowledged = try await alerts.acknowledgeFiring(of: ruleID, at: store, rules: configuration.alertRules, acknowledgement)
        guard !acknowledged.isEmpty else {
            throw APIError(
                .conflict, code: "not_firing",
                message: "no alert of rule '\(ruleID)' is firing unacknowledged\(store.map { " at store '\($0)'" } ?? ""); one already acknowledged is acknowledged again with POST /v1/alerts/{id}/ack")
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("acknowledged")
        writer.beginArray()
        for status in acknowledged { write(status, to: &writer) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func status(request: Request, context: PitwallRequestContext) async throws -> Response {
        let statuses = try await alerts.statuses(of: configuration.alertRules)
        let storeIDs = Set(configuration.stores.map(\.id)).union(statuses.compactMap(\.segment.store))
        let board = StatusBoard(
            statuses: statuses, rules: configuration.alertRules, stores: storeIDs.sorted().map(configuration.store), catalog: configuration.kpiCatalog,
            names: configuration.names)
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

    /// A retried silence (same Idempotency-Key) is answered with the first, not made twice.
    @Sendable func createSilence(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await idempotent.respond(to: request, context: context) { request in try await silence(request, context: context) }
    }

    private func silence(_ request: Request, context: PitwallRequestContext) async throws -> (status: HTTPResponse.Status, json: String) {
        let body = try await JSONRequestBody.read(
            request, example: #"{"rule_id": "opt_out_rate", "store_id": "lkt", "minutes": 120, "comment": "..."}"#, required: true)
        let ruleID = try body.text("rule_id", maximumLength: 128)
        if let ruleID, rulesByID[ruleID] == nil {
            throw APIError.badRequest(
                "rule_id: '\(ruleID)' is not a rule; the rules are \(configuration.alertRules.map(\.id).joined(separator: ", "))", code: "invalid_body")
        }
        let store = try body.text("store_id", maximumLength: 128).map { StoreID($0) }
        guard ruleID != nil || store != nil else {
            throw APIError.badRequest("give rule_id, store_id or both: a silence mutes something in particular", code: "invalid_body")
        }
        if let refusal = StoreWriteLimit.silenceRefusal(for: store) { throw APIError.badRequest("store_id: \(refusal)", code: "invalid_body") }
        guard let minutes = try body.integer("minutes", in: 1...43_200) else {
            throw APIError.badRequest("minutes: required, a whole number from 1 to 43200 (30 days)", code: "invalid_body")
        }
        let now = clock.now()
        let silence = AlertSilence(
            id: "silence-" + UUID().uuidString.lowercased(), ruleID: ruleID, store: store, startsAt: now, endsAt: now.adding(seconds: Double(minutes) * 60),
            createdBy: context.accessToken?.name ?? "unknown", comment: try body.text("comment"))
        try await alerts.addSilence(silence)
        var writer = JSONWriter()
        Self.write(silence, to: &writer)
        return (.created, writer.text)
    }

    @Sendable func endSilence(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
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

extension AlertMeasurement {
    /// The figures behind an alert, as members of the object being written.
    func writeMembers(to writer: inout JSONWriter) {
        writer.optionalNumber("value", value)
        writer.optionalNumber("numerator", numerator)
        writer.optionalNumber("denominator", denominator)
        writer.optionalNumber("bound", bound)
        writer.key("sample")
        writer.integer(Int64(sample))
        writer.member("note", note)
    }
}

extension AlertStore {
    /// The statuses of the rules in force. A rule taken out of the configuration is history
    /// (GET /v1/alerts/history), not a current alert.
    func statuses(of rules: [AlertRule]) async throws -> [AlertStatus] {
        let ids = Set(rules.map(\.id))
        return try await alertStatuses().filter { ids.contains($0.ruleID) }
    }

    /// Acknowledges every firing alert of one rule (at one store, when given) that nobody has
    /// acknowledged yet, and returns them: one cause at twenty stores is taken on once, not
    /// twenty times, and whoever already took one of them on keeps their note.
    func acknowledgeFiring(of ruleID: String, at store: StoreID?, rules: [AlertRule], _ acknowledgement: AlertAcknowledgement) async throws -> [AlertStatus] {
        var acknowledged: [AlertStatus] = []
        for status in try await statuses(of: rules)
        where status.ruleID == ruleID && status.condition == .firing && status.acknowledgement == nil && (store == nil || status.segment.store == store) {
            if let done = try await acknowledgeAlert(status.id, acknowledgement), done.condition == .firing { acknowledged.append(done) }
        }
        return acknowledged
    }
}
