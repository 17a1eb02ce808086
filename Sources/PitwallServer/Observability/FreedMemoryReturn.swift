import Dispatch
import Synchronization

/// Gives memory freed by a large request back to the system, once the request is answered.
/// The allocator keeps freed memory for reuse, and after year-long pages on a large group's
/// file it kept some 180 MB of it (the server's 82 MB of live data resident as 264 MB), so the
/// next large page stood on top of it (docs/performance.md). How to give it back is the
/// allocator's business: the executable hands in the call.
public final class FreedMemoryReturn: Sendable {
    /// A request that took at least this long is taken to have allocated much.
    public let after: Duration
    private let giveBack: @Sendable () -> Void
    private let queued = Mutex(false)
    // The call blocks while it walks the heap: off the event loops and the task pool.
    private let queue = DispatchQueue(label: "pitwall.freed-memory")

    public init(after: Duration = .milliseconds(100), giveBack: @escaping @Sendable () -> Void) {
        self.after = after
        self.giveBack = giveBack
    }

    /// Does nothing: for tests and for allocators that give memory back by themselves.
    public static let none = FreedMemoryReturn(after: .seconds(1_000_000)) {}

    /// Called when a request has been answered after `elapsed`; a return already waiting
    /// covers this one too.
    func requestAnswered(after elapsed: Duration) {
        guard elapsed >= after else { return }
        let alreadyQueued = queued.withLock { queued in
            defer { queued = true }
            return queued
        }
        guard !alreadyQueued else { return }
        queue.async { [self] in
            queued.withLock { $0 = false }
            giveBack()
        }
    }
}
