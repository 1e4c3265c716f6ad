import Foundation
import Glibc
import Synchronization

// MARK: - The Chromium process

/// The spawned Chromium browser process, leader of its own process group (which also
/// holds its zygote, renderer, GPU and utility processes).
final class ChromiumProcess: Sendable {
    let pid: pid_t
    /// Whether the process has been reaped; once it has, its pid may be reused and must
    /// not be signalled any more.
    private let isReaped = Mutex(false)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `executable` with `commandInput` as its fd 3, `replyOutput` as its fd 4,
    /// stdin from /dev/null and stdout/stderr appended to `logPath`.
    static func spawn(
        executable: String,
        arguments: [String],
        commandInput: Int32,
        replyOutput: Int32,
        logPath: String
    ) throws -> ChromiumProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, commandInput, 3)
        posix_spawn_file_actions_adddup2(&actions, replyOutput, 4)
        // Everything else the test process holds stays out of the browser: not every descriptor
        // there is close-on-exec, and a socket Chromium inherited stays open after the test
        // process closes it (a receiver then never sees the close).
        try SpawnActions.closeFrom(5, in: &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnActions.startAsFromAShell(&attributes)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + environment).forEach { free($0) } }

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        guard status == 0 else {
            throw BrowserError("Could not start \(executable): \(String(cString: strerror(status)))")
        }
        return ChromiumProcess(pid: pid)
    }

    /// Polls every 20 ms until the process has exited, then kills what is left of its
    /// process group and reaps it. Returns `false` if it is still running after `timeout`
    /// (or when the task is cancelled).
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if reapIfExited() { return true }
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                break  // cancelled: let the caller kill it
            }
        }
        return reapIfExited()
    }

    /// Sends SIGKILL to the whole process group and reaps the browser process.
    func killProcessGroup() {
        isReaped.withLock { reaped in
            guard !reaped else { return }
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
        }
    }

    private func reapIfExited() -> Bool {
        isReaped.withLock { reaped in
            if reaped { return true }
            // WNOWAIT leaves the zombie in place, so the process group id cannot be reused
            // while stragglers of the group are killed.
            var info = siginfo_t()
            guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
                info._sifields._sigchld.si_pid == pid
            else { return false }
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
            return true
        }
    }
}

// MARK: - Small helpers

func closeDescriptors(_ descriptors: Int32...) {
    for descriptor in descriptors where descriptor >= 0 {
        Glibc.close(descriptor)
    }
}

func errnoDescription() -> String {
    let code = errno
    return "\(String(cString: strerror(code))) (errno \(code))"
}

let logTailHeading = "--- last lines of chromium.log ---"

/// The last lines of Chromium's log, without the harmless D-Bus complaints that a
/// container without a session bus produces.
func logTail(path: String, lines: Int = 15) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
    let relevant = String(decoding: data.suffix(64 * 1024), as: UTF8.self)
        .split(whereSeparator: \.isNewline)
        .filter { !$0.contains("dbus") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    return relevant.isEmpty ? "(log is empty)" : relevant.suffix(lines).joined(separator: "\n")
}

