import Foundation

/// Starts a program with no signal blocked, as a shell or systemd would.
///
/// A child inherits the signal mask of the thread that spawns it, and the threads of the test
/// process (Dispatch's and NIO's) block nearly every signal: a program started from one of them
/// never sees SIGTERM unless it unblocks it itself, which Python, bash and most programs do not
/// (Herald's own services and Node do). This runs the program through a one-line Python that
/// clears the mask and execs it.
public enum UnblockedSignals {
    /// The executable and arguments that run `program` with `arguments` and an empty signal mask.
    public static func launch(_ program: String, _ arguments: [String]) -> (URL, [String]) {
        let unblockAndExec = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        return (URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", unblockAndExec, program] + arguments)
    }
}
