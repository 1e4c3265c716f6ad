import Foundation

/// A sample receiver (`samples/<name>/run`) as a child process on a loopback port: the lines it
/// prints on standard output, one per request, kept apart from its diagnostics.
public final class SampleProcess: Sendable {
    let process: SpawnedProcess
    /// The port it listens on.
    public let port: Int
    private let standardOutput: OutputCollector
    private let standardError: OutputCollector

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The lines printed on standard output so far.
    public var lines: [String] { standardOutput.text.split(separator: "\n").map(String.init) }
    /// What it printed on standard error so far.
    public var diagnostics: String { standardError.text }

    /// The repository's `samples` folder (the tests run from a checkout).
    public static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    /// Starts `samples/<name>/run` with `PORT`, `HERALD_SECRET` and `environment`, and waits
    /// (at most 60 s) until its port accepts connections.
    public static func start(_ name: String, secret: String, environment: [String: String] = [:]) async throws -> SampleProcess {
        guard let port = LoopbackPort.free() else { throw SampleStartFailure(output: "no free loopback port") }
        let process = SpawnedProcess()
        // Started with no signal blocked (see ``SpawnedProcess``), so its SIGTERM check means something.
        process.executableURL = folder.appendingPathComponent(name).appendingPathComponent("run")
        var env = ProcessInfo.processInfo.environment
        env["PORT"] = "\(port)"
        env["HERALD_SECRET"] = secret
        process.environment = env.merging(environment) { $1 }
        let (standardOutput, standardError) = try OutputCollector.run(process)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && process.isRunning {
            if LoopbackPort.accepts(port) {
                return SampleProcess(process: process, port: port, standardOutput: standardOutput, standardError: standardError)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        throw SampleStartFailure(output: "samples/\(name)/run did not listen on \(port):\n" + standardError.text + standardOutput.text)
    }

    private init(process: SpawnedProcess, port: Int, standardOutput: OutputCollector, standardError: OutputCollector) {
        self.process = process
        self.port = port
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Waits until a line satisfies `condition`, at most `timeout`; returns it.
    public func waitForLine(timeout: Duration = .seconds(20), where condition: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: condition) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        return lines.first(where: condition)
    }

    /// SIGTERM, then wait at most `deadline` for the exit; returns the status, or nil when it
    /// was still running (it is killed then).
    @discardableResult
    public func stop(within deadline: Duration = .seconds(10)) async -> Int32? {
        if process.isRunning { process.terminate() }
        let end = ContinuousClock.now + deadline
        while process.isRunning && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }
}

/// A sample did not start listening.
public struct SampleStartFailure: Error, CustomStringConvertible {
    /// What it printed.
    public let output: String
    public var description: String { output }
}
