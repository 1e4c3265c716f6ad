import Foundation
import Glibc
import HeraldTestSupport
import Testing

/// The tests' own process starter: what every server, command and sample the tests run relies on.
@Suite("Spawned processes")
struct SpawnedProcessTests {
    @Test("children start while this process holds 1,500 more descriptors, and inherit none of them")
    func manyDescriptors() async throws {
        // Foundation's Process.run() crashed a CI run here: it walks /proc/self/fd and read past
        // readdir's buffer once ~1,350 descriptors were open.
        let extra = 1500
        #expect(FileDescriptorLimit.raise(toAtLeast: extra + 1024) >= extra + 256, "the test needs \(extra) more descriptors")
        let held = (0..<extra).map { _ in open("/dev/null", O_RDONLY) }
        defer { for descriptor in held where descriptor >= 0 { close(descriptor) } }
        #expect(held.allSatisfy { $0 >= 0 }, "could not open \(extra) descriptors")
        #expect(held.max() ?? 0 >= Int32(extra), "the descriptors reach past \(extra)")
        for _ in 0..<10 {
            let listed = try await ChildProcess.run(URL(fileURLWithPath: "/bin/ls"), ["/proc/self/fd"])
            #expect(listed.status == 0, "\(listed.standardError)")
            // 0, 1 and 2, and the directory ls itself opened to list them.
            let descriptors = Set(listed.standardOutput.split(separator: "\n").compactMap { Int($0) })
            #expect(descriptors.isSubset(of: [0, 1, 2, 3]) && descriptors.isSuperset(of: [0, 1, 2]), "the child saw \(descriptors.sorted())")
        }
    }

    @Test("a child starts with no signal blocked and SIGPIPE at its default, as from a shell")
    func signalsAsFromAShell() async throws {
        let status = try await ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), ["/proc/self/status"])
        #expect(status.status == 0)
        let fields = Dictionary(status.standardOutput.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }, uniquingKeysWith: { $1 })
        #expect(fields["SigBlk"].flatMap { UInt64($0, radix: 16) } == 0, "blocked: \(fields["SigBlk"] ?? "?")")
        let ignored = try #require(fields["SigIgn"].flatMap { UInt64($0, radix: 16) })
        #expect(ignored & (1 << (UInt64(SIGPIPE) - 1)) == 0, "SIGPIPE ignored: \(String(ignored, radix: 16))")
    }

    @Test("exit codes and the signal that ended a child are reported; a waiter and a poller agree")
    func endings() async throws {
        let exited = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo out; echo err >&2; exit 3"])
        #expect(exited.status == 3 && exited.standardOutput == "out\n" && exited.standardError == "err\n")

        let sleeper = SpawnedProcess()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        sleeper.standardInput = nil
        sleeper.standardOutput = nil
        sleeper.standardError = nil
        try sleeper.run()
        #expect(sleeper.isRunning && sleeper.processIdentifier > 0)
        let waited = Task.detached { try await OffThePool.run { sleeper.waitUntilExit(); return sleeper.terminationStatus } }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sleeper.isRunning, "still sleeping")
        sleeper.terminate()
        #expect(try await waited.value == SIGTERM)
        #expect(!sleeper.isRunning && sleeper.wasSignalled && sleeper.terminationStatus == SIGTERM)
        sleeper.terminate()  // after the reaping: no signal to a pid that may be reused

        let missing = SpawnedProcess()
        missing.executableURL = URL(fileURLWithPath: "/nonexistent/program")
        #expect(throws: SpawnFailure.self) { try missing.run() }
    }
}
