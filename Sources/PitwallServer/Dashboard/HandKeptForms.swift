import Hummingbird
import PitwallCore

/// What the pages of the logs kept by hand (coaching, changes, delays) do with a manager's
/// form: check the session's scope and form secret, do the work, name a refused field on the
/// page, and go back to the page saying what was done.
enum HandKeptForms {
    /// `record` throws the `ParameterError` of a refused field.
    static func record(
        _ request: Request, _ context: PitwallRequestContext, needs: String, done: String,
        _ record: (DashboardSession, FormFields) async throws -> Void
    ) async throws -> Response {
        let (session, form) = try await AlertsPage.managerForm(request, context, needs: needs)
        do {
            try await record(session, form)
        } catch let refusal as ParameterError {
            throw DashboardError.badParameter(refusal)
        }
        return AlertsPage.back(form, done: done)
    }

    /// Edits or removes the record the path names; `change` returns false when there is none
    /// (or it is not the caller's), which `missing` says in words.
    static func change(
        _ request: Request, _ context: PitwallRequestContext, needs: String, done: String, missing: (String) -> String,
        _ change: (DashboardSession, FormFields, String) async throws -> Bool
    ) async throws -> Response {
        let (session, form) = try await AlertsPage.managerForm(request, context, needs: needs)
        let id = try context.pathID()
        let found: Bool
        do {
            found = try await change(session, form, id)
        } catch let refusal as ParameterError {
            throw DashboardError.badParameter(refusal)
        }
        guard found else { throw DashboardError.notFound(missing(id)) }
        return AlertsPage.back(form, done: done)
    }
}
