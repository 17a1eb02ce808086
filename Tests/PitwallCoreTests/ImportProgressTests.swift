import Testing

@testable import PitwallCore

@Suite("An import's progress line")
struct ImportProgressTests {
    @Test("events so far and the pace; for a file, how far through it and the time left at that pace")
    func line() {
        #expect(ImportProgress(events: 1_000_000, seconds: 19.0).line(label: "imported") == "imported 1,000,000 events (52,631/s, 19.0 s)")
        // A quarter of the file in a minute: three more minutes.
        let quarter = ImportProgress(events: 2_500_000, seconds: 60, bytes: (done: 500_000_000, total: 2_000_000_000))
        #expect(quarter.line(label: "imported") == "imported 2,500,000 events (41,666/s, 60.0 s; 25% of the file, about 3 min left)")
        let twoThirds = ImportProgress(events: 10, seconds: 100, bytes: (done: 2, total: 3))
        #expect(twoThirds.line(label: "imported").hasSuffix("; 66.7% of the file, about 50 s left)"))
        #expect(ImportProgress(events: 10, seconds: 250, bytes: (done: 3, total: 3)).line(label: "imported").hasSuffix("; all of the file)"))
    }

    @Test("no time left is guessed from the first moments or the first sliver of the file, nor without the file's size")
    func tooEarly() {
        #expect(!ImportProgress(events: 5_000, seconds: 2, bytes: (done: 50, total: 100)).line(label: "imported").contains("left"))
        #expect(!ImportProgress(events: 5_000, seconds: 30, bytes: (done: 5, total: 1_000)).line(label: "imported").contains("left"))
        #expect(ImportProgress(events: 5_000, seconds: 30, bytes: (done: 10, total: 1_000)).line(label: "imported").contains("1% of the file, about 49 min 30 s left"))
        #expect(!ImportProgress(events: 5_000, seconds: 30, bytes: (done: 10, total: 0)).line(label: "imported").contains("file"))
    }
}
