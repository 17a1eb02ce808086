import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle

/// How long a test waits for one answer before it fails.
///
/// HummingbirdTesting's `.live` framework fixes this at 20 s. The whole suite runs at once on two
/// cores, and a request waits for a thread behind other tests' work: up to 16.7 s in a full run
/// with PostgreSQL on this machine, and past 20 s once in seven CI runs, with no fault in the
/// server. A server that truly hangs still fails the test, two minutes later.
let liveAnswerTimeout: Duration = .seconds(120)

/// An answer as a test reads it: `TestResponse` has no initializer outside HummingbirdTesting.
struct LiveResponse: Sendable {
    let head: HTTPResponse
    let body: ByteBuffer
    var status: HTTPResponse.Status { head.status }
    var headers: HTTPFields { head.headerFields }
}

/// A keep-alive connection to a server on 127.0.0.1, as a browser or an API client holds one.
struct LiveClient: Sendable {
    let port: Int
    fileprivate let connection: TestClient

    func execute(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> LiveResponse {
        var headers = headers
        headers[.connection] = "keep-alive"
        let answer = try await connection.execute(
            TestClient.Request(uri, method: method, authority: "127.0.0.1", headers: headers, body: body))
        return LiveResponse(head: answer.head, body: answer.body ?? ByteBuffer())
    }

    /// Sends a request and hands its answer to `check`, as HummingbirdTesting's clients do.
    @discardableResult
    func execute<Value>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        check: (LiveResponse) async throws -> Value
    ) async throws -> Value {
        try await check(try await execute(uri: uri, method: method, headers: headers, body: body))
    }
}

extension ApplicationProtocol {
    /// Serves the application on 127.0.0.1 at a free port for the length of `body`, then shuts it
    /// down gracefully, whether `body` returned or threw.
    func serveLive<Value>(_ body: @Sendable (LiveClient) async throws -> Value) async throws -> Value {
        let served = PortReporting(base: self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let services = ServiceGroup(configuration: .init(services: [served], logger: logger))
            group.addTask {
                // A server that fails to start ends the wait for its port.
                defer { served.ports.continuation.finish() }
                try await services.run()
            }
            var ports = served.ports.stream.makeAsyncIterator()
            guard let port = await ports.next() else {
                // The server stopped before it listened: its own error says why.
                try await group.next()
                throw LiveServerStoppedBeforeListening()
            }
            let connection = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: liveAnswerTimeout))
            connection.connect()
            do {
                let value = try await body(LiveClient(port: port, connection: connection))
                try await connection.shutdown()
                await services.triggerGracefulShutdown()
                return value
            } catch {
                try? await connection.shutdown()
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

struct LiveServerStoppedBeforeListening: Error {}

/// The application under test, bound to 127.0.0.1 at a free port, telling the test which port.
private struct PortReporting<Base: ApplicationProtocol>: ApplicationProtocol {
    let base: Base
    let ports = AsyncStream.makeStream(of: Int.self)

    var responder: Base.Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration.with(address: .hostname("127.0.0.1", port: 0)) }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        if let port = channel.localAddress?.port { ports.continuation.yield(port) }
        ports.continuation.finish()
    }
}
