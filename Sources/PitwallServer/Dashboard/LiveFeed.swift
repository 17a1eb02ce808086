import Foundation
import Synchronization

/// Tells open dashboards that something changed (events arrived, an alert moved), so they
/// fetch fresh numbers. It carries no data: the page asks the server again, which keeps one
/// way of computing every figure.
public final class LiveFeed: Sendable {
    public enum Notice: Sendable, Equatable {
        /// Something changed; the counter grows by one each time.
        case changed(Int)
        /// Nothing changed, the line is alive (keeps proxies from closing it).
        case heartbeat
    }

    private struct State {
        var version = 0
        var listeners: [UUID: AsyncStream<Notice>.Continuation] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// A stream of notices until the listener goes away; only the newest one waits if it is slow.
    func listen() -> AsyncStream<Notice> {
        let (stream, continuation) = AsyncStream.makeStream(of: Notice.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        state.withLock { $0.listeners[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    func changed() {
        state.withLock { state in
            state.version += 1
            for listener in state.listeners.values { listener.yield(.changed(state.version)) }
        }
    }

    func heartbeat() {
        state.withLock { state in
            for listener in state.listeners.values { listener.yield(.heartbeat) }
        }
    }

    var listenerCount: Int { state.withLock { $0.listeners.count } }
}
