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

    /// With ``start(tlsOnly:)``'s `tlsOnly`: the PEM file of the authority that signed the
    /// server's certificate (made for `localhost`, not for `127.0.0.1`).
    public let certificateAuthority: String?

    private init(server: TestPostgres.Server, paths: ThrowawayCluster.Paths, certificateAuthority: String?) {
        self.server = server
        self.paths = paths
        self.certificateAuthority = certificateAuthority
    }

    /// Makes a new cluster in a temporary directory and starts it on a free loopback port.
    /// With `tlsOnly` it accepts TCP connections over TLS only, with a certificate for
    /// `localhost` signed by ``certificateAuthority``; ``TestPostgres/Server/makeDatabase()``
    /// cannot reach it then (it connects in plain text): use its `postgres` database.
    /// Throws ``TestPostgres/Unavailable`` when PostgreSQL's programs are not installed.
    public static func start(tlsOnly: Bool = false) async throws -> TestPostgresCluster {
        try await OffThePool.run {
            let (paths, port) = try ThrowawayCluster.create(settings: "-c fsync=off -c synchronous_commit=on", tls: tlsOnly)
            try ThrowawayCluster.startServer(paths)
            let server = TestPostgres.Server(host: "127.0.0.1", port: port, username: "herald", password: nil, maintenanceDatabase: "postgres")
            return TestPostgresCluster(server: server, paths: paths, certificateAuthority: tlsOnly ? paths.directory + "/ca.crt" : nil)
        }
    }

    /// Stops the server the way an operator restarting it would (`pg_ctl stop -m fast`) and
    /// returns once it is down.
    public func stop() async throws {
        let paths = paths
        try await OffThePool.run { try ThrowawayCluster.stopServer(paths, mode: "fast") }
    }

    /// Starts the stopped server again on the same port and data directory, and returns once
    /// it accepts connections.
    public func start() async throws {
        let paths = paths
        try await OffThePool.run { try ThrowawayCluster.startServer(paths) }
    }

    /// Stops the server at once (if it runs) and deletes the cluster's files, on a thread of
    /// its own (it returns at once, from a `defer` too). Also done when the test process exits.
    public func remove() {
        let paths = paths
        Thread { ThrowawayCluster.remove(paths) }.start()
    }

    /// The server's log so far (for a failing test's message).
    public var log: String {
        (try? String(contentsOfFile: paths.directory + "/server.log", encoding: .utf8)) ?? ""
    }
}
