import Foundation

/// A Python script of the tests (under Tests/), run to its end and awaited without blocking a
/// thread the server under test needs; its output comes back as text.
enum PythonScript {
    static func run(_ script: String, arguments: [String]) async throws -> (status: Int32, text: String) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(script).path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pitwall-script-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        process.standardOutput = handle
        process.standardError = handle
        let (exited, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
        var status: Int32 = -1
        for await code in exited { status = code }
        try handle.close()
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
