import Foundation

/// Runs the built `herald` executable as a child process, as a user's shell would.
public enum HeraldProcess {
    /// How the process ended and what it printed.
    public typealias Result = ChildProcess.Result

    /// The `herald` binary next to the test bundle (SwiftPM puts every product in one folder).
    public static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["HERALD_BINARY"] { return URL(fileURLWithPath: path) }
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("herald")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("herald")
        return beside
    }()

    /// Runs `herald arguments…` with `input` on standard input and waits for it to exit.
    public static func run(_ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]) async throws -> Result {
        try await ChildProcess.run(executable, arguments, input: input, environment: environment)
    }
}

/// Fresh folders under the system's temporary directory.
public enum TemporaryDirectory {
    /// A new empty folder.
    public static func make() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
