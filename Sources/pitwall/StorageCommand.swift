import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Print how much disk the database takes, how fast it grows and how long its disk lasts.",
        discussion: "The pace is what the database grew over the last 28 days, from the sizes a server notes daily; until three weeks of them are noted, the last 28 days' leads times what a lead takes. Without --json prints the figures and the verdict; with it, the same JSON as GET /v1/system/storage.")

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        let outlook = try await storeOptions.withStore(configuration: file.pitwall) { store, _ in
            StorageOutlook(try await store.storageFootprint(leadsCreatedSince: StorageOutlook.paceStart(now: SystemClock().now())))
        }
        let now = SystemClock().now()
        print(json ? outlook.json(now: now) : StorageLines(outlook: outlook, now: now).text)
    }
}

/// The storage outlook as a few labelled lines, the verdict last.
struct StorageLines {
    let outlook: StorageOutlook
    let now: Timestamp

    var text: String {
        let footprint = outlook.footprint
        let bytes = { (value: Double?) in value.map(StorageOutlook.bytes) ?? "unknown" }
        let growth: String = outlook.growthWords.map { words in "\(words) (\(outlook.growthBasis ?? ""))" } ?? "unknown"
        let rows = [
            ["Database", "\(bytes(footprint.databaseBytes.map(Double.init))) (\(footprint.backend.rawValue))"],
            ["Free pages inside it", bytes(footprint.reusableBytes.map(Double.init))],
            ["Leads stored", KPIFormatting.grouped(Int64(footprint.leads))],
            ["A lead takes", bytes(outlook.bytesPerLead)],
            ["Leads a day", "\(KPIFormatting.decimal(outlook.leadsPerDay, places: 1)) (the last \(StorageOutlook.recentDays) days)"],
            ["Grows a day", growth],
            ["Disk free", footprint.volumeFreeBytes.map { "\(StorageOutlook.bytes($0)) of \(StorageOutlook.bytes(footprint.volumeTotalBytes ?? 0))" } ?? "unknown"],
            ["Disk lasts", outlook.daysUntilFull.map(StorageOutlook.daysPhrase) ?? "–"],
        ]
        let width = rows.map { $0[0].count }.max() ?? 0
        let lines = rows.map { $0[0].padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0[1] }
        return (lines + ["", "\(outlook.headline): \(outlook.reason)"] + [outlook.backupNote(now: now), outlook.drillNote(now: now)].compactMap { $0 }).joined(separator: "\n")
    }
}
