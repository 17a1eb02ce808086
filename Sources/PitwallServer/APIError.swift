import Foundation
import Logging
import HTTPTypes
import Hummingbird
import PitwallCore

/// An error answer: a status, a stable code a client can branch on, and a message a person
/// can act on. Every error the API returns goes through here as `{"error": {"code", "message"}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.member("code", code)
        writer.member("message", message)
        writer.endObject()
        writer.endObject()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: writer.text + "\n")))
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer realm=\"pitwall\""])
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    /// Runs `work`, answering a field it refuses (a `ParameterError`) with 400 naming the field:
    /// what recording or editing a hand-kept record answers.
    static func namingRefusedField<Value>(_ work: () async throws -> Value) async throws -> Value {
        do {
            return try await work()
        } catch let refusal as ParameterError {
            throw badRequest("\(refusal.name): \(refusal.reason)", code: "invalid_body")
        }
    }
}

/// Maps errors no handler caught to a JSON answer; a failure we did not foresee becomes a 500
/// whose message says where to look, never the internal error text.
struct ErrorMappingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let conflict as RollupBasisConflict {
            // The server's configuration, not the request, is wrong; the client may send again.
            context.logger.error("a batch was refused: the KPI rollups were counted under another configuration", metadata: ["error": "\(conflict)"])
            throw APIError(.serviceUnavailable, code: "configuration_conflict", message: conflict.description, headers: [.retryAfter: "60"])
        } catch let error as HTTPError {
            throw APIError(error.status, code: Self.code(for: error.status), message: error.body ?? Self.message(for: error.status))
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: Self.code(for: error.status), message: Self.message(for: error.status))
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw APIError(.internalServerError, code: "internal", message: "the server failed to handle this request; the server log has the details")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "too_large"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        default: status.code >= 500 ? "internal" : "bad_request"
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "no such resource; GET /openapi.yaml lists the routes"
        case .methodNotAllowed: "this route does not accept that method; GET /openapi.yaml lists the routes"
        case .contentTooLarge: "the request body is too large"
        default: status.reasonPhrase
        }
    }
}
