import Foundation
import Synchronization

/// A real `herald serve` child process on a loopback port, with its own data directory: for
/// what only a separate process shows (signals, `kill -9`, what it prints, the command line).
public final class ServerProcess: APIFixture {
    let process: SpawnedProcess
    /// The port it listens on.
    public let port: Int
    /// Its data directory.
    public let dataDirectory: URL
    /// Its API token (the generated one when it was started without).
    public let token: String
    private let output: OutputCollector
    /// Started with its own `--idle-timeout`: the client then opens a connection per request.
    private let shortIdleTimeout: Bool

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A client with the server's token; one that opens a connection per request when the
    /// server was given its own `--idle-timeout` (see ``APIClient/closesConnections``).
    public var api: APIClient { APIClient(baseURL: baseURL, token: token, closesConnections: shortIdleTimeout) }

    /// Everything the process printed so far.
    public var printed: String { output.text }

    /// The lines printed so far that are JSON objects: the log entries of a server started
    /// with `--log-format json`.
    public var logEntries: [[String: Any]] { JSONLines.objects(in: printed) }

    /// The process's id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// True until the process has exited.
    public var isRunning: Bool { process.isRunning }

    /// Starts a server and waits until it listens. `dataDirectory` is reused for restarts.
    /// `ulimit` (e.g. `-Sn 256`) starts it through a shell with that open-file limit.
    public static func start(dataDirectory: URL? = nil, token: String? = "test-token", arguments: [String] = [], environment: [String: String] = [:],
                             ulimit: String? = nil) async throws -> ServerProcess {
        let directory = dataDirectory ?? TemporaryDirectory.make()
        let process = SpawnedProcess()
        var allArguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", directory.path] + arguments
        if let token { allArguments += ["--api-token", token] }
        if let ulimit {
            // exec: the shell becomes herald, so the process id is the server's.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit \(ulimit) && exec \"$0\" \"$@\"", HeraldProcess.executable.path] + allArguments
        } else {
            process.executableURL = HeraldProcess.executable
            process.arguments = allArguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HERALD_API_TOKEN")
        process.environment = env.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collector = OutputCollector()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { collector.append(data) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let port = collector.listeningPort() {
                return ServerProcess(process: process, port: port, dataDirectory: directory, token: token ?? collector.generatedToken() ?? "", output: collector,
                                     shortIdleTimeout: arguments.contains("--idle-timeout"))
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw ServerStartFailure(output: collector.text)
    }

    /// Runs `body` against a server started with `arguments` (and `token`, as in
    /// ``start(dataDirectory:token:arguments:environment:ulimit:)``), then stops it (SIGTERM),
    /// whether `body` returned or threw. A body may return the server itself, to read all it
    /// printed once it has stopped.
    public static func run<Result: Sendable>(_ arguments: [String] = [], token: String? = "test-token",
                                             _ body: @Sendable (ServerProcess) async throws -> Result) async throws -> Result {
        let server = try await start(token: token, arguments: arguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(process: SpawnedProcess, port: Int, dataDirectory: URL, token: String, output: OutputCollector, shortIdleTimeout: Bool) {
        self.process = process
        self.port = port
        self.dataDirectory = dataDirectory
        self.token = token
        self.output = output
        self.shortIdleTimeout = shortIdleTimeout
    }

    /// SIGTERM, then wait for the exit; returns the exit status.
    @discardableResult
    public func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        return await waitForExit()
    }

    /// SIGTERM, then wait for the exit at most `deadline`; returns the exit status, or nil when
    /// the process was still running then (it is killed with SIGKILL).
    public func stop(within deadline: Duration) async -> Int32? {
        if process.isRunning { process.terminate() }
        let end = ContinuousClock.now + deadline
        while process.isRunning && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
        guard !process.isRunning else {
            await kill()
            return nil
        }
        return process.terminationStatus
    }

    /// SIGKILL: the process gets no chance to clean up.
    public func kill() async {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        await waitForExit()
    }

    @discardableResult
    private func waitForExit() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// `herald serve` exited or did not listen within 30 s.
public struct ServerStartFailure: Error, CustomStringConvertible {
    /// What it printed.
    public let output: String
    /// What it printed, after a headline.
    public var description: String { "herald serve did not start:\n\(output)" }
}

/// Collects a child's output from the pipe's handler thread.
final class OutputCollector: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The port from the "Herald listening on http://host:port" line.
    func listeningPort() -> Int? {
        guard let range = text.range(of: "Herald listening on http://") else { return nil }
        let rest = text[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return Int(rest[rest.index(after: colon)...].prefix { $0.isNumber })
    }

    /// The token printed on a first start without one.
    func generatedToken() -> String? {
        guard let range = text.range(of: "hrld_") else { return nil }
        return "hrld_" + text[range.upperBound...].prefix { $0.isHexDigit }
    }
}


extension OutputCollector {
    /// Runs `process` with its standard output and standard error collected apart.
    static func run(_ process: SpawnedProcess) throws -> (standardOutput: OutputCollector, standardError: OutputCollector) {
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let standardOutput = OutputCollector(), standardError = OutputCollector()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { standardOutput.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { standardError.append(data) }
        }
        try process.run()
        return (standardOutput, standardError)
    }
}
