import Foundation
import Synchronization

/// A program a test runs to its end (the `pitwall` binary, a Python checker), awaited without
/// holding a thread of the shared pool the tests run on. On two cores that pool has two
/// threads: a test that blocked one for the length of a minute-long import stalled every test
/// beside it, and a CI run once failed when a stalled test read its clock late.
public enum ChildProcess {
    public struct Finished: Sendable {
        public var status: Int32
        public var output: Data
        public var errors: Data
    }

    /// Runs `executable` with `arguments`, feeding it `input`, and returns its exit status and
    /// both output streams once it has exited.
    public static func run(_ executable: URL, _ arguments: [String], input: Data? = nil) async throws -> Finished {
        // The blocking reads and the wait happen on a thread of their own.
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, input: input) })
            }
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], input: Data?) throws -> Finished {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        // Not waitUntilExit: it spins a run loop, which does not mix with tasks.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Input and standard error each on another thread, so no full pipe blocks the child.
        let collectedErrors = Mutex(Data())
        let helpers = DispatchGroup()
        DispatchQueue.global().async(group: helpers) {
            if let input { stdin.fileHandleForWriting.write(input) }
            try? stdin.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: helpers) {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            collectedErrors.withLock { $0 = data }
        }
        let collectedOutput = output.fileHandleForReading.readDataToEndOfFile()
        helpers.wait()
        exited.wait()
        return Finished(status: process.terminationStatus, output: collectedOutput, errors: collectedErrors.withLock { $0 })
    }
}
