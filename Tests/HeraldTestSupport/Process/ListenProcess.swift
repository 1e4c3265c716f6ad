import Foundation
import Herald
import Synchronization

/// A real `herald listen` child process on a loopback port: what it prints on standard output
/// (one report per request) kept apart from its notices on standard error.
public final class ListenProcess: Sendable {
    let process: SpawnedProcess
    /// The port it listens on.
    public let port: Int
    private let standardOutput: OutputCollector
    private let standardError: OutputCollector

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Everything printed on standard output so far.
    public var printed: String { standardOutput.text }
    /// Everything printed on standard error so far.
    public var notices: String { standardError.text }
    /// The non-empty lines of standard output (with `--format json`, one object each).
    public var lines: [String] { printed.split(separator: "\n").map(String.init) }
    /// The standard output lines as JSON objects.
    public var reports: [[String: Any]] { JSONLines.objects(in: printed) }
    /// The secret it generated, when started without `--secret`.
    public var generatedSecret: String? {
        guard let range = notices.range(of: "generated whsec_") else { return nil }
        return "whsec_" + notices[range.upperBound...].prefix { $0.isLetter || $0.isNumber || "+/=".contains($0) }
    }

    /// Starts `herald listen --port 0` with `arguments` and waits until it listens.
    public static func start(_ arguments: [String]) async throws -> ListenProcess {
        let process = SpawnedProcess()
        process.executableURL = HeraldProcess.executable
        process.arguments = ["listen", "--port", "0"] + arguments
        let (standardOutput, standardError) = try OutputCollector.run(process)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = standardError.text
            if let range = text.range(of: "listening on http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                return ListenProcess(process: process, port: port, standardOutput: standardOutput, standardError: standardError)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw ListenStartFailure(output: standardError.text + standardOutput.text)
    }

    /// Runs `body` against a listener started with `arguments`, then stops it.
    public static func run<Result: Sendable>(_ arguments: [String], _ body: @Sendable (ListenProcess) async throws -> Result) async throws -> Result {
        let listener = try await start(arguments)
        do {
            let result = try await body(listener)
            await listener.stop()
            return result
        } catch {
            await listener.stop()
            throw error
        }
    }

    private init(process: SpawnedProcess, port: Int, standardOutput: OutputCollector, standardError: OutputCollector) {
        self.process = process
        self.port = port
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Waits until standard output holds `count` lines, at most `timeout`; returns them.
    @discardableResult
    public func waitForLines(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while lines.count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        return lines
    }

    /// SIGTERM, then wait for the exit; returns the exit status.
    @discardableResult
    public func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }

    /// A request signed with `secret` as Herald signs one: headers and body.
    public static func signed(_ body: String, id: String, secret: String, timestamp: Int64 = Int64(Date().timeIntervalSince1970)) throws -> [(String, String)] {
        let signer = WebhookSigner(key: try SigningKey(parsing: secret))
        return signer.headers(id: id, timestamp: timestamp, body: Array(body.utf8)).map { ($0.name, $0.value) }
    }
}

/// `herald listen` exited or did not listen within 30 s.
public struct ListenStartFailure: Error, CustomStringConvertible {
    /// What it printed.
    public let output: String
    /// What it printed, after a headline.
    public var description: String { "herald listen did not start:\n\(output)" }
}
