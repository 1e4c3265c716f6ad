import Foundation
import HeraldTestSupport

/// Runs the `schemathesis` CLI of the repository's `.venv` (Tests/python/requirements.txt),
/// with its output in a file so a long report cannot fill a pipe, and a hard time limit.
enum Schemathesis {
    /// `.venv/bin/schemathesis`, as `.ci/run` creates it.
    static let executable = PythonVerifier.repositoryRoot.appendingPathComponent(".venv/bin/schemathesis")
    /// The settings and hooks the conformance test uses.
    static let configuration = PythonVerifier.repositoryRoot.appendingPathComponent("Tests/python/schemathesis.toml")
    static let hooks = PythonVerifier.repositoryRoot.appendingPathComponent("Tests/python/schemathesis_hooks.py")

    /// Whether the CLI is installed.
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// What a run printed and how it ended.
    struct Outcome {
        /// The exit status; nil when the run was stopped at the time limit.
        let status: Int32?
        let output: String
        let seconds: Double
    }

    /// Runs `schemathesis --config-file … run arguments…` in a fresh folder (where it may
    /// write reports), stopping it after `timeLimit` seconds.
    static func run(_ arguments: [String], environment: [String: String], timeLimit: Double) async throws -> Outcome {
        let folder = TemporaryDirectory.make()
        let log = folder.appendingPathComponent("schemathesis.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = SpawnedProcess()
        process.executableURL = executable
        process.arguments = ["--config-file", configuration.path, "run"] + arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging(["SCHEMATHESIS_HOOKS": hooks.path, "NO_COLOR": "1"]) { $1 }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let deadline = started.addingTimeInterval(timeLimit)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        var status: Int32?
        if process.isRunning {
            process.terminate()
            try await Task.sleep(for: .seconds(2))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        } else {
            status = process.terminationStatus
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Outcome(status: status, output: text, seconds: Date().timeIntervalSince(started))
    }
}
