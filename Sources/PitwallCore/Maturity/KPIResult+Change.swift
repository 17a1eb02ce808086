/// How a figure moved from the compared window.
public enum KPIChange: Hashable, Sendable {
    /// Value minus the value before; nil when either is missing.
    case asTheyStand(Double?)
    /// While this window is still coming in: where it is heading minus where the window before
    /// is heading (or its value, once settled). Comparing the figures so far would set young
    /// leads against older ones.
    case betweenProjections(Double)
    /// Still coming in with too little in to say where it is heading.
    case tooEarly
}

extension KPIResult {
    public func change(from before: KPIResult) -> KPIChange {
        // Nothing to compare with (no leads a year before) is no change, whatever this window's age.
        guard let maturity, maturity.isStillComingIn, before.value != nil else { return .asTheyStand(value.flatMap { now in before.value.map { now - $0 } }) }
        guard let heading = maturity.projected(value), let earlier = before.maturity?.projected(before.value) ?? before.value else { return .tooEarly }
        return .betweenProjections(heading - earlier)
    }
}
