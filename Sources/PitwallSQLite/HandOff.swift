import Dispatch
import Synchronization

/// A value worked out on another thread and waited for on this one: lets the writer's
/// thread store rows while a second core does pure work for the same transaction.
final class HandOff<Value: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let slot = Mutex<Value?>(nil)

    /// Starts `work` on a global queue.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
            let value = work()
            slot.withLock { $0 = value }
            done.signal()
        }
    }

    /// Blocks until the work is done. Only for threads that may block (GRDB's own queues).
    func wait() -> Value {
        done.wait()
        return slot.withLock { $0! }
    }
}
