/// The current time, injected so that tests control it and the core never reads a clock.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}
