extension ProcessChange {
    /// What the rest of the group is, beside a change: the other stores for a store's change
    /// (the same segment there, if limited to one), the segment's other values for a change at
    /// every store; nil for a change of every lead at every store, which has no rest.
    public var restWords: String? {
        if store != nil { return segment.map { "\($0.dimension.words) \($0.value) at the other stores" } ?? "the other stores" }
        return segment.map { "the other \($0.dimension == .vehicleCondition ? "vehicle conditions" : $0.dimension.words + "s")" }
    }

    /// "source facebook at Lakeside Toyota", "every store": the leads the change applies to.
    public func scopeWords(storeName: String?) -> String {
        let place = storeName ?? "every store"
        return segment.map { "\($0.dimension.words) \($0.value) at \(place)" } ?? place
    }

    /// Whether a lead's rollup cell (of `segment`'s dimension, or of every lead when the change
    /// has no segment) is of the leads changed, or of the rest.
    public func part(of cell: RollupCell) -> ChangeReview.Part? {
        let segmentMatches = segment.map { $0.value == cell.value } ?? true
        if let store {
            guard segmentMatches else { return nil }
            return cell.store == store ? .changed : .rest
        }
        guard segment != nil else { return .changed }
        return segmentMatches ? .changed : .rest
    }

    /// "First text names the car (source facebook at every store), 5 Nov 2026, on lead response rate".
    public func title(catalog: KPICatalog, storeName: String?) -> String {
        "\(title) (\(scopeWords(storeName: storeName))), \(LocalTimeFormatting.longDate(day)) on \(catalog[figure].nameInSentence)"
    }
}
