import Synchronization
import PitwallCore

/// A clock that only moves when a test moves it.
public final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    public init(_ start: Timestamp = Timestamp(millisecondsSinceEpoch: 1_767_571_200_000)) {
        current = Mutex(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    public func advance(seconds: Double) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    public func set(_ instant: Timestamp) {
        current.withLock { $0 = instant }
    }
}
