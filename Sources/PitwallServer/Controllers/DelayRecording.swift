import Foundation
import PitwallCore

/// The fields of a reported delay as an API body or a dashboard form gives them.
struct DelayFields: Sendable {
    var store: String?
    var agent: String?
    /// Today at the store when left out: a delay is usually noted the day it is heard.
    var day: String?
    var step: String?
    var minutes: String?
    /// Every lead when left out.
    var share: String?
    /// The id of the recorded change that fixes it.
    var change: String?
    var note: String?
}

extension AppDependencies {
    /// Records a delay from the fields of an API body or a dashboard form, as `actor`; nothing
    /// is stored when a field is refused, and the refusal names it.
    func recordDelay(_ fields: DelayFields, by actor: String) async throws -> ReportedDelay {
        let delay = try await validatedDelay(id: "delay-" + UUID().uuidString.lowercased(), fields, by: actor)
        try await delays.recordDelay(delay)
        live.changed()
        return delay
    }

    /// Puts the fields in place of the recorded report `id`'s, checked as when recording one;
    /// nil when there is no such report (or it is not the caller's to edit).
    func editDelay(id: String, _ fields: DelayFields, by actor: String) async throws -> ReportedDelay? {
        guard let recorded = try await delays.reportedDelays(days: nil, store: nil).first(where: { $0.id == id }) else { return nil }
        let delay = try await validatedDelay(id: id, fields, by: actor, recorded: recorded)
        guard let edited = try await delays.editDelay(delay, by: actor, at: clock.now()) else { return nil }
        live.changed()
        return edited
    }

    private func validatedDelay(id: String, _ fields: DelayFields, by actor: String, recorded: ReportedDelay? = nil) async throws -> ReportedDelay {
        let now = clock.now()
        let blank = { (text: String?) in text.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        // A rooftop's manager is told the stores they may write to, not that another store is unknown.
        if let store = fields.store, let refusal = StoreWriteLimit.refusal(for: StoreID(store)) { throw ParameterError(name: "store_id", reason: refusal) }
        let today = configuration.today(store: fields.store.map { StoreID($0) }, at: now)
        let day = blank(fields.day) ?? today.description
        if let refusal = ReportedDelay.refusal(
            store: fields.store, agent: blank(fields.agent), day: day, step: fields.step, minutes: fields.minutes, share: blank(fields.share),
            note: blank(fields.note), today: today, knownStores: Set(try await rollups.storesToList(configuration)))
        {
            throw refusal
        }
        let shop = StoreID(fields.store!)
        let agent = blank(fields.agent)?.trimmingCharacters(in: .whitespaces)
        // A mistyped agent would be counted as another agent for ever; one kept as recorded is
        // not checked again, so a report of someone who has left can still be corrected.
        if let agent, recorded.map({ $0.agent == agent && $0.store == shop }) != true {
            let seen = try await SegmentValuesSeen(.agent, store: shop, today: today, rollups: rollups)
            guard seen.inYear.contains(agent) else {
                throw ParameterError(
                    name: "agent",
                    reason: "'\(agent)' had no lead assigned at \(shop.rawValue) in the year up to today; give the id their leads' events carry, "
                        + "or leave it out for the team" + seen.recentInWords)
            }
        }
        let change = blank(fields.change)?.trimmingCharacters(in: .whitespaces)
        if let change {
            guard let named = try await changes.processChanges(days: nil, store: nil).first(where: { $0.id == change }) else {
                throw ParameterError(name: "change_id", reason: "there is no change '\(change)' in the change log; record the fix there first")
            }
            if let changed = named.store, changed != shop {
                throw ParameterError(
                    name: "change_id", reason: "'\(named.title)' was a change at \(configuration.store(changed).name), not at \(configuration.store(shop).name)")
            }
        }
        return ReportedDelay(
            id: id, store: shop, agent: agent, day: CivilDate(iso: day)!, step: fields.step!.trimmingCharacters(in: .whitespaces),
            minutes: Double(fields.minutes!.trimmingCharacters(in: .whitespaces))!,
            share: blank(fields.share).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 1, change: change, note: blank(fields.note),
            recordedBy: actor, recordedAt: now)
    }
}
