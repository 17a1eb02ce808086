import Foundation
import Hummingbird
import Logging
import NIOCore
import PitwallCore

/// What a page says when it cannot show what was asked: in words, with the way back.
struct DashboardError: Error, Sendable {
    var status: HTTPResponse.Status
    var title: String
    var message: String

    static func badParameter(_ error: ParameterError) -> DashboardError {
        DashboardError(status: .badRequest, title: "That filter cannot be used", message: "\(error.name): \(error.reason)")
    }

    static func notFound(_ message: String) -> DashboardError {
        DashboardError(status: .notFound, title: "Not found", message: message)
    }

    static func forbidden(_ message: String) -> DashboardError {
        DashboardError(status: .forbidden, title: "Not allowed", message: message)
    }
}

/// Turns errors on dashboard routes into HTML pages rather than the API's JSON.
struct DashboardErrorMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext
    let renderer: PageRenderer

    struct ErrorPage: Sendable {
        var chrome: PageChrome?
        var title: String
        var message: String
        var status: Int
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DashboardError {
            return page(error.status, title: error.title, message: error.message)
        } catch let error as APIError {
            return page(error.status, title: error.status.reasonPhrase, message: error.message)
        } catch is NIOTooManyBytesError {
            return page(.contentTooLarge, title: "Too much to send", message: "The form was larger than this page accepts. Shorten the comment and try again.")
        } catch let error as HTTPError where error.status.code < 500 {
            return page(error.status, title: error.status.reasonPhrase, message: error.body ?? "That request cannot be answered.")
        } catch {
            context.logger.error("dashboard page failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return page(.internalServerError, title: "Something went wrong", message: "The page could not be built; the server log has the details. Try again in a moment.")
        }
    }

    private func page(_ status: HTTPResponse.Status, title: String, message: String) -> Response {
        renderer.html(ErrorPage(chrome: nil, title: title, message: message, status: status.code), template: "error", status: status)
    }
}
