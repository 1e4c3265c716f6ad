import Foundation

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux is not safe to
/// call from several threads at once: a CI run crashed the whole test process inside it (a
/// `memcpy` from a freed buffer in `Process.run()`) while the suites started their servers and
/// commands in parallel. Starting takes a millisecond or two; the children then run side by side.
public enum ProcessLaunch {
    private static let lock = NSLock()

    /// `process.run()`, under the one lock every test's launches share.
    public static func run(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        try process.run()
    }
}
