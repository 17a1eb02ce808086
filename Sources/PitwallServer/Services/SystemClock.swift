import Foundation
import PitwallCore

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Timestamp { Timestamp(Date()) }
}
