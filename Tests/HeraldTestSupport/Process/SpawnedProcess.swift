import Foundation
import Glibc
import Synchronization

/// A child process started with `posix_spawn`, configured and watched as Foundation's `Process`
/// is (the same property names), for the tests' servers, commands and samples.
///
/// Not Foundation's `Process`: on Linux its `run()` reads `/proc/self/fd` to find the
/// descriptors to close and copies each entry's whole 256-byte `d_name`, past the end of
/// `readdir`'s buffer when the last entry sits at its end. With ~1,350 descriptors open (the
/// listener tests hold a thousand connections while other suites start their servers) that read
/// crossed into unmapped memory and a CI run died of SIGSEGV inside `Process.run()`. Here the
/// child closes everything above standard error itself (`posix_spawn_file_actions_addclosefrom_np`),
/// and nothing in this process walks its descriptors.
///
/// Like a shell or systemd, and unlike `Process`, it starts the program with no signal blocked
/// and SIGPIPE at its default: the test process's threads block nearly every signal, and a
/// child inherits the spawning thread's mask.
public final class SpawnedProcess: @unchecked Sendable {
    /// The program to run.
    public var executableURL: URL?
    /// Its arguments, without the program's own name.
    public var arguments: [String] = []
    /// Its whole environment; nil for this process's.
    public var environment: [String: String]?
    /// Its working directory; nil for this process's.
    public var currentDirectoryURL: URL?
    /// Its standard input: a `Pipe` (it reads the pipe), a `FileHandle`, or nil for
    /// `/dev/null`. This process's own standard input unless set.
    public var standardInput: Any? = FileHandle.standardInput
    /// Its standard output: a `Pipe` (it writes the pipe), a `FileHandle`, or nil for `/dev/null`.
    public var standardOutput: Any? = FileHandle.standardOutput
    /// Its standard error, as ``standardOutput``.
    public var standardError: Any? = FileHandle.standardError

    private let state = Mutex(State())

    private struct State {
        var pid: pid_t = 0
        /// The raw `waitpid` status once the child has been reaped.
        var waitStatus: Int32?
    }

    /// Configures nothing yet; set the properties, then ``run()``.
    public init() {}

    /// Starts the program. Throws when it cannot be started (no such file, not executable).
    public func run() throws {
        guard let executable = executableURL?.path else { throw SpawnFailure(description: "no executable to start") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try redirect(standardInput, to: 0, childEnd: { $0.fileHandleForReading }, in: &actions)
        try redirect(standardOutput, to: 1, childEnd: { $0.fileHandleForWriting }, in: &actions)
        try redirect(standardError, to: 2, childEnd: { $0.fileHandleForWriting }, in: &actions)
        try SpawnActions.closeFrom(3, in: &actions)
        if let directory = currentDirectoryURL?.path {
            guard SpawnActions.addChangeDirectory(directory, in: &actions) else { throw SpawnFailure(description: "cannot start \(executable) in \(directory)") }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnActions.startAsFromAShell(&attributes)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + variables).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, variables)
        guard spawned == 0 else { throw SpawnFailure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        state.withLock { $0.pid = pid }
        // The child has its own copies of its pipe ends; this process keeps only the other ends,
        // so that a reader sees the end of the output once the child exits.
        for (stream, childEnd) in [(standardInput, { (pipe: Pipe) in pipe.fileHandleForReading }),
                                   (standardOutput, { $0.fileHandleForWriting }), (standardError, { $0.fileHandleForWriting })] {
            if let pipe = stream as? Pipe { try? childEnd(pipe).close() }
        }
    }

    /// The child's process id (0 before ``run()``).
    public var processIdentifier: Int32 { state.withLock { $0.pid } }

    /// True from ``run()`` until the child has exited (and been reaped).
    public var isRunning: Bool {
        state.withLock { state in
            guard state.pid > 0, state.waitStatus == nil else { return false }
            var status: Int32 = 0
            switch waitpid(state.pid, &status, WNOHANG) {
            case state.pid:
                state.waitStatus = status
            case -1 where errno == ECHILD:
                // Reaped by someone else (SIGCHLD ignored): gone, its status unknown; reported as exit 255.
                state.waitStatus = 255 << 8
            default:
                return true
            }
            return false
        }
    }

    /// Its exit status, or the number of the signal that ended it (as `Process` reports them).
    public var terminationStatus: Int32 {
        let status = state.withLock { $0.waitStatus }
        precondition(status != nil, "the process has not exited yet")
        let raw = status ?? 0
        return raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
    }

    /// True when a signal ended it.
    public var wasSignalled: Bool {
        guard let raw = state.withLock({ $0.waitStatus }) else { return false }
        return raw & 0x7f != 0
    }

    /// SIGTERM.
    public func terminate() { signal(SIGTERM) }

    /// SIGINT.
    public func interrupt() { signal(SIGINT) }

    /// Sends `signal` while the child has not been reaped (its id cannot have been reused).
    public func signal(_ signal: Int32) {
        state.withLock { state in
            if state.pid > 0, state.waitStatus == nil { _ = kill(state.pid, signal) }
        }
    }

    /// Blocks the calling thread until the child has exited. Call it off Swift's cooperative pool.
    public func waitUntilExit() {
        let pid = processIdentifier
        guard pid > 0 else { return }
        while isRunning {
            // Waits without reaping, so that only `isRunning` reaps, under the lock.
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno != EINTR { break }
        }
    }
}

/// A child that could not be started.
public struct SpawnFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

extension SpawnedProcess {
    private func redirect(_ stream: Any?, to descriptor: Int32, childEnd: (Pipe) -> FileHandle, in actions: inout posix_spawn_file_actions_t) throws {
        switch stream {
        case let pipe as Pipe:
            posix_spawn_file_actions_adddup2(&actions, childEnd(pipe).fileDescriptor, descriptor)
        case let handle as FileHandle:
            posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, descriptor)
        case nil:
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        default:
            throw SpawnFailure(description: "a standard stream must be a Pipe, a FileHandle or nil, not \(type(of: stream!))")
        }
    }
}

/// What the tests' process starters share: how a child starts, and the glibc spawn actions that
/// Swift's Glibc module does not show (looked up once by name).
enum SpawnActions {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34 and later).
    private static let closeFromAction: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29 and later).
    private static let changeDirectoryAction: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<Function>(_ name: String) -> Function? {
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }

    /// Makes the child start with every descriptor from `first` on closed: it would otherwise
    /// inherit this process's pipes to its other children (their readers would then never see
    /// the end of the output) and its sockets (thousands, in the connection tests).
    static func closeFrom(_ first: Int32, in actions: inout posix_spawn_file_actions_t) throws {
        guard let closeFromAction, closeFromAction(&actions, first) == 0 else {
            throw SpawnFailure(description: "this C library cannot close a child's inherited descriptors (posix_spawn_file_actions_addclosefrom_np needs glibc 2.34 or later)")
        }
    }

    /// Makes the child the leader of a process group of its own (a signal to the tests' group
    /// stays theirs, and a whole group can be killed) and starts it with no signal blocked and
    /// SIGPIPE at its default, as a shell would: the test process's threads block nearly every
    /// signal and ignore SIGPIPE, and a child would inherit both.
    static func startAsFromAShell(_ attributes: inout posix_spawnattr_t) {
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
    }

    /// Makes the child start in `directory`; false when the C library cannot.
    static func addChangeDirectory(_ directory: String, in actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let changeDirectoryAction else { return false }
        return changeDirectoryAction(&actions, directory) == 0
    }
}
