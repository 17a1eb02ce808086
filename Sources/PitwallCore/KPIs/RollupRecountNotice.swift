/// What a store says on its log while it recounts KPI rollups at start-up: after an upgrade
/// or a change of time zone this can hold a server's start back a minute on a year of a
/// large group, with nothing else to show for it.
public enum RollupRecountNotice {
    public static func starting(_ stores: [StoreID]) -> String {
        let names = stores.map(\.rawValue).sorted().joined(separator: ", ")
        return "Recounting the KPI rollups of \(stores.count == 1 ? "store" : "\(stores.count) stores") \(names): "
            + "the time zone, the response rule or the figures kept changed since they were counted. This reads each of their leads once."
    }

    public static func finished(_ stores: [StoreID], seconds: Double) -> String {
        let tenths = (seconds * 10).rounded() / 10
        return "Recounted the KPI rollups of \(stores.count == 1 ? "1 store" : "\(stores.count) stores") in \(tenths) s."
    }
}
