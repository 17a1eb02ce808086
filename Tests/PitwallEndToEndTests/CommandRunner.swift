import Foundation
import PitwallTestSupport
import Synchronization

/// Runs the built `pitwall` binary as a user would.
enum CommandRunner {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The `pitwall` executable built next to this test bundle.
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("pitwall")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/pitwall")
    }()

    /// Runs to completion and collects both output streams.
    static func run(_ arguments: [String], input: Data? = nil) async throws -> Result {
        let finished = try await ChildProcess.run(executable, arguments, input: input)
        return Result(
            status: finished.status, output: String(decoding: finished.output, as: UTF8.self),
            errors: String(decoding: finished.errors, as: UTF8.self))
    }
}

/// A long-running `pitwall` process (a server, a big import), and its output lines
/// (standard output and standard error together) as they arrive.
final class RunningCommand: Sendable {
    struct TimedOut: Error, CustomStringConvertible {
        var waitingFor: String
        var description: String { "timed out waiting for \(waitingFor)" }
    }

    private let process: Process
    private let lines: AsyncStream<String>
    private let exited: AsyncStream<Int32>

    init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let (lines, lineSink) = AsyncStream.makeStream(of: String.self)
        let (exited, exitSink) = AsyncStream.makeStream(of: Int32.self)
        self.lines = lines
        self.exited = exited
        // Read on a thread of its own with plain blocking reads. A readabilityHandler's dispatch
        // source, torn down with the pipe when the process ends, can crash libdispatch on Linux
        // (_dispatch_event_loop_drain on a dangling epoll registration; swift-corelibs-foundation
        // PR 5507), which took the whole test run down once here.
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            var pending = ""
            // availableData blocks until some output comes and returns it, empty at the end.
            while case let data = reader.availableData, !data.isEmpty {
                pending += String(decoding: data, as: UTF8.self)
                var parts = pending.components(separatedBy: "\n")
                pending = parts.removeLast()
                for line in parts { lineSink.yield(line) }
            }
            lineSink.finish()
        }
        process.terminationHandler = { process in
            exitSink.yield(process.terminationStatus)
            exitSink.finish()
        }
        try process.run()
    }

    /// A test that fails half-way must not leave a server running behind it.
    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// The first output line containing `text`, or an error after `seconds`.
    func line(containing text: String, within seconds: Double = 60) async throws -> String {
        try await withDeadline(seconds, waitingFor: "'\(text)'") { [lines] in
            for await line in lines where line.contains(text) { return line }
            throw TimedOut(waitingFor: "'\(text)' (the server stopped)")
        }
    }

    /// Sends SIGTERM and returns the exit status once the process has shut down.
    func stop(within seconds: Double = 30) async throws -> Int32 {
        process.terminate()
        return try await exitStatus(within: seconds)
    }

    /// Kills the process at once, as a power cut or the OOM killer would.
    func kill(within seconds: Double = 30) async throws -> Int32 {
        Foundation.kill(process.processIdentifier, SIGKILL)
        return try await exitStatus(within: seconds)
    }

    private func exitStatus(within seconds: Double) async throws -> Int32 {
        return try await withDeadline(seconds, waitingFor: "the server to exit") { [exited] in
            for await status in exited { return status }
            return -1
        }
    }

    private func withDeadline<Value: Sendable>(
        _ seconds: Double, waitingFor: String, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask(operation: body)
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw TimedOut(waitingFor: waitingFor)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
