import Foundation

/// Runs a program to its end without holding a thread of Swift's cooperative pool: the wait
/// happens on a thread of its own. (A test that blocked the pool while the program talked to a
/// server in the same test process would starve that server.)
public enum ChildProcess {
    /// How a program ended and what it printed.
    public struct Result: Sendable {
        /// Its exit status.
        public let status: Int32
        /// What it wrote to standard output.
        public let standardOutput: String
        /// What it wrote to standard error.
        public let standardError: String
    }

    /// Runs `executable` with `arguments`, `input` on its standard input and `environment` added
    /// to this process's, and returns once it has exited.
    public static func run(_ executable: URL, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]) async throws -> Result {
        try await OffThePool.run { try runBlocking(executable, arguments, input: input, environment: environment) }
    }

    /// ``run(_:_:input:environment:)`` on the calling thread, for code already off the pool.
    static func runBlocking(_ executable: URL, _ arguments: [String], input: [UInt8], environment: [String: String]) throws -> Result {
        let process = SpawnedProcess()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            // The throwing write: a program that exits without reading its input (a refused
            // argument, say) breaks the pipe, which the non-throwing `write(_:)` turns into a
            // crash of the whole test process.
            if !input.isEmpty { try? stdin.fileHandleForWriting.write(contentsOf: Data(input)) }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorData.get() == nil { Thread.sleep(forTimeInterval: 0.001) }
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: errorData.get() ?? Data(), as: UTF8.self)
        )
    }
}

/// A Data slot shared between a reader thread and the waiting one.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Data?
    func set(_ data: Data) { lock.withLock { value = data } }
    func get() -> Data? { lock.withLock { value } }
}
