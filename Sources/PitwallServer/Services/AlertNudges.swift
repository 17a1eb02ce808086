import PitwallCore
import Synchronization

/// What new events have touched since the alert service last looked: ingestion adds, the
/// service takes, so a bad batch is judged within a second instead of at the next round.
final class AlertNudges: Sendable {
    private let pending = Mutex(EventTouch(events: []))

    init() {}

    func touch(_ touch: EventTouch) {
        guard !touch.isEmpty else { return }
        pending.withLock { $0.formUnion(touch) }
    }

    /// What was touched, emptied.
    func take() -> EventTouch {
        pending.withLock { taken in
            defer { taken = EventTouch(events: []) }
            return taken
        }
    }
}
