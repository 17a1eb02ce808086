/// How a backend finds the repeat leads of a window: each window lead's earliest match probed
/// in the contact indexes (two seeks a lead), or both indexes walked whole in their order, each
/// lead's earliest match in the look-back read off a window function. In SQLite a probe costs
/// about 3 µs and a walked entry about 1 µs: a month of a large group's year probes in about
/// 0.3 s, the year itself probed in 4 s (docs/performance.md).
public enum RepeatLeadSearch: Sendable {
    case probes, scan

    /// Walking costs about a third of a probe an entry and walks every lead of the store, so it
    /// pays once the window holds more than a third of them.
    public static func choose(windowLeads: Int, allLeads: Int) -> RepeatLeadSearch {
        windowLeads * 3 > allLeads ? .scan : .probes
    }
}
