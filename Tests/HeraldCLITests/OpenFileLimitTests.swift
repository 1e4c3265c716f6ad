import Foundation
import HeraldTestSupport
import Testing

/// `herald serve` fits its open-file limit to `--max-connections`: a process-wide setting, so it
/// is tested on a child process started with a low limit.
@Suite("Open-file limit")
struct OpenFileLimitTests {
    /// The soft "Max open files" of a process, from /proc.
    func softLimit(of pid: Int32) throws -> Int? {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        guard let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }) else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first
    }

    @Test("a soft limit below --max-connections is raised as far as the hard limit allows",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/limits")))
    func raised() async throws {
        let server = try await ServerProcess.start(arguments: ["--max-connections", "2000"], ulimit: "-Sn 256")
        defer { Task { await server.stop() } }
        let soft = try #require(try softLimit(of: server.processIdentifier))
        #expect(soft >= 2000 + 1024, "herald serve runs with a soft limit of \(soft)")
        #expect(!server.printed.contains("open-file limit"), "\(server.printed)")
    }

    @Test("a hard limit below --max-connections is warned about, naming both",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/limits")))
    func warned() async throws {
        let server = try await ServerProcess.start(arguments: ["--max-connections", "2000"], ulimit: "-n 512")
        defer { Task { await server.stop() } }
        #expect(try softLimit(of: server.processIdentifier) == 512)
        #expect(server.printed.contains("The open-file limit is 512, below --max-connections 2000"), "\(server.printed)")
        #expect(try await server.api.get("/health/live").status == 200, "it still serves")
    }
}
