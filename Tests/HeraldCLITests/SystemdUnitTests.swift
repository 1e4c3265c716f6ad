import Foundation
import HeraldTestSupport
import Testing

/// `deploy/herald.service` as systemd reads it. Runs where `systemd-analyze` is installed
/// (Debian's systemd package); elsewhere it is skipped, and says so.
@Suite("systemd unit")
struct SystemdUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `systemd-analyze` on the PATH, if any.
    static let systemdAnalyze: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("systemd-analyze") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The unit with `ExecStart=` running the herald just built (`systemd-analyze verify`
    /// checks that the program exists), changed by `edit`, in a new folder; its path.
    static func unitCopy(_ edit: (String) -> String = { $0 }) throws -> URL {
        let unit = try String(contentsOf: repository.appendingPathComponent("deploy/herald.service"), encoding: .utf8)
        let installed = "ExecStart=/usr/local/bin/herald "
        try #require(unit.contains(installed), "the unit runs /usr/local/bin/herald")
        let copy = TemporaryDirectory.make().appendingPathComponent("herald.service")
        try edit(unit.replacingOccurrences(of: installed, with: "ExecStart=\(HeraldProcess.executable.path) ")).write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    /// What `systemd-analyze verify` says about `unit`: its exit status, and the lines of its
    /// output about that file (warnings such as an unknown key or a value it cannot parse do
    /// not change the status).
    static func verify(_ unit: URL) async throws -> (status: Int32, complaints: [String]) {
        let analyze = try #require(systemdAnalyze)
        let result = try await ChildProcess.run(analyze, ["verify", unit.path])
        let output = (result.standardOutput + result.standardError).split(separator: "\n").map(String.init)
        return (result.status, output.filter { $0.contains(unit.lastPathComponent) })
    }

    @Test("systemd-analyze verify accepts deploy/herald.service without a warning",
          .enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (apt-get install systemd)"))
    func verifies() async throws {
        let verdict = try await Self.verify(try Self.unitCopy())
        #expect(verdict.status == 0)
        #expect(verdict.complaints.isEmpty, "\(verdict.complaints)")
    }

    @Test("the check sees a mistake: a misspelt key or an unknown restart policy is reported",
          .enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (apt-get install systemd)"))
    func seesMistakes() async throws {
        let misspelt = try await Self.verify(try Self.unitCopy { $0.replacingOccurrences(of: "\nProtectSystem=", with: "\nProtectSytem=") })
        #expect(misspelt.complaints.contains { $0.contains("ProtectSytem") }, "\(misspelt.complaints)")
        let policy = try await Self.verify(try Self.unitCopy { $0.replacingOccurrences(of: "\nRestart=on-failure", with: "\nRestart=sometimes") })
        #expect(policy.complaints.contains { $0.contains("sometimes") }, "\(policy.complaints)")
    }
}
