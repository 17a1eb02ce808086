import Foundation
import Hummingbird
import HummingbirdTesting
import PitwallServer
import PitwallTestSupport
import Synchronization
import Testing

@Suite("Memory freed by a large request is given back once it is answered")
struct FreedMemoryTests {
    final class Calls: Sendable {
        let count = Mutex(0)
    }

    @Test("a request that took at least the set time leads to one give-back; quicker ones to none")
    func afterLargeRequests() async throws {
        let calls = Calls()
        var app = try await TestApp.make()
        app.freedMemory = FreedMemoryReturn(after: .seconds(3_600)) { calls.count.withLock { $0 += 1 } }
        try await app.run { client in
            for _ in 0..<3 {
                let answer = try await client.execute(uri: "/healthz", method: .get)
                #expect(answer.status == .ok)
            }
        }
        // The decision is taken before the answer leaves, so nothing can still be on its way.
        #expect(calls.count.withLock { $0 } == 0, "no request took an hour")

        var everyRequest = try await TestApp.make()
        everyRequest.freedMemory = FreedMemoryReturn(after: .zero) { calls.count.withLock { $0 += 1 } }
        try await everyRequest.run { client in
            let answer = try await client.execute(uri: "/healthz", method: .get)
            #expect(answer.status == .ok)
        }
        let given = try await eventually(within: .seconds(30)) { calls.count.withLock { $0 } >= 1 ? true : nil }
        #expect(given == true, "given back after the request")
    }
}
