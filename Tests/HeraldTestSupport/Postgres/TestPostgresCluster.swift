import Foundation

/// A PostgreSQL cluster of one test's own, which the test may stop and start again on the same
/// port and data directory: for what a database restart does to the processes that use it.
/// The shared server of ``TestPostgres/server()`` is never stopped; this one is made for it.
///
/// Unlike the shared one it commits synchronously (`synchronous_commit` on; `fsync` stays off:
/// the files outlive a restart of the server in the page cache), so a commit that answered has
/// been written before the server stops. ``stop()`` is `pg_ctl stop -m fast`: clients are
/// disconnected, open transactions roll back, and the server shuts down cleanly.
///
/// ```swift
/// let cluster = try await TestPostgresCluster.start()
/// defer { cluster.remove() }
/// let url = try await cluster.server.makeDatabase()
/// try await cluster.stop()
/// try await cluster.start()
/// ```
public final class TestPostgresCluster: Sendable {
    /// The server: its port stays the same across ``stop()`` and ``start()``.
    public let server: TestPostgres.Server
    private let paths: ThrowawayCluster.Paths

    private init(server: TestPostgres.Server, paths: ThrowawayCluster.Paths) {
        self.server = server
        self.paths = paths
    }

    /// Makes a new cluster in a temporary directory and starts it on a free loopback port.
    /// Throws ``TestPostgres/Unavailable`` when PostgreSQL's programs are not installed.
    public static func start() async throws -> TestPostgresCluster {
        try await offThePool {
            let (paths, port) = try ThrowawayCluster.create(settings: "-c fsync=off -c synchronous_commit=on")
            try ThrowawayCluster.startServer(paths)
            let server = TestPostgres.Server(host: "127.0.0.1", port: port, username: "herald", password: nil, maintenanceDatabase: "postgres")
            return TestPostgresCluster(server: server, paths: paths)
        }
    }

    /// Stops the server the way an operator restarting it would (`pg_ctl stop -m fast`) and
    /// returns once it is down.
    public func stop() async throws {
        let paths = paths
        try await Self.offThePool { try ThrowawayCluster.stopServer(paths, mode: "fast") }
    }

    /// Starts the stopped server again on the same port and data directory, and returns once
    /// it accepts connections.
    public func start() async throws {
        let paths = paths
        try await Self.offThePool { try ThrowawayCluster.startServer(paths) }
    }

    /// Stops the server at once (if it runs) and deletes the cluster's files. Also done when
    /// the test process exits.
    public func remove() {
        ThrowawayCluster.remove(paths)
    }

    /// The server's log so far (for a failing test's message).
    public var log: String {
        (try? String(contentsOfFile: paths.directory + "/server.log", encoding: .utf8)) ?? ""
    }

    /// Runs `body` on a thread of its own: `pg_ctl` waits for seconds, and a test must not hold
    /// one of the few threads of Swift's cooperative pool meanwhile.
    private static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
        }
    }
}
