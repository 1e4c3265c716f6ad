import Foundation

/// Blocking work (a program run to its end, `pg_ctl` waiting for a server) on a thread of its
/// own, awaited without holding one of the few threads of Swift's cooperative pool: a test
/// that blocked the pool would starve every server and client running in this test process.
public enum OffThePool {
    /// Runs `body` on a new thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
