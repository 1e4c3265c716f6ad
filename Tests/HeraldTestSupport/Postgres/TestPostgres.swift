import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server the tests use: the one `HERALD_TEST_POSTGRES_URL` names, or else a
/// throwaway cluster this test process starts once, on first use, and stops when it exits —
/// `initdb` and `pg_ctl` from Debian's postgresql package, in a temporary directory, listening
/// on a free loopback port. As root (CI), the cluster's programs run as the `postgres` user,
/// since PostgreSQL refuses to run as root.
///
/// The throwaway cluster runs with `fsync = off`: it exists for one test run, and no test
/// crashes the PostgreSQL server itself (the crash tests kill Herald's processes, whose
/// committed work the server keeps in memory and the page cache either way).
public enum TestPostgres {
    /// Where a test database lives.
    public struct Server: Sendable {
        public let host: String
        public let port: Int
        public let username: String
        public let password: String?
        /// The database that always exists (for `CREATE DATABASE`).
        public let maintenanceDatabase: String

        /// A `postgres://` URL for `database` on this server.
        public func url(database: String) -> String {
            let credentials = password.map { "\(username):\($0)" } ?? username
            return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=disable"
        }
    }

    /// Why no server could be had, in words that say what to install or set.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The start of the server, made by the first caller and awaited by every other.
    private static let starting = Mutex<Task<Server, any Error>?>(nil)

    /// The server, started on first use. `initdb` and `pg_ctl` run on a thread of their own
    /// and callers wait suspended: the tests that ask at once would otherwise hold every
    /// thread of Swift's cooperative pool (two on a 2-core machine) for the seconds a start
    /// takes, and starve every other test's servers and clients meanwhile.
    public static func server() async throws -> Server {
        let start = starting.withLock { task in
            if let task { return task }
            let started = Task<Server, any Error> { try await OffThePool.run { try Self.start() } }
            task = started
            return started
        }
        do {
            return try await start.value
        } catch let error as Unavailable {
            throw error
        } catch {
            throw Unavailable(description: "\(error)")
        }
    }

    private static func start() throws -> Server {
        if let url = ProcessInfo.processInfo.environment["HERALD_TEST_POSTGRES_URL"], !url.isEmpty {
            return try server(fromURL: url)
        }
        return try ThrowawayCluster.start()
    }

    static func server(fromURL text: String) throws -> Server {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, let user = components.user else {
            throw Unavailable(description: "HERALD_TEST_POSTGRES_URL is not a postgres://user[:password]@host[:port]/database URL: \(text)")
        }
        let database = components.path.split(separator: "/").first.map(String.init) ?? "postgres"
        return Server(host: host, port: components.port ?? 5432, username: user, password: components.password, maintenanceDatabase: database)
    }
}

/// A PostgreSQL cluster made for this test process and removed when it exits.
enum ThrowawayCluster {
    /// One cluster's files and programs.
    struct Paths: Sendable {
        /// The cluster's folder: its data directory, its log and its socket are in it.
        let directory: String
        /// The folder of `initdb` and `pg_ctl`.
        let binaries: String
        /// True when the programs run as the `postgres` user (the test process is root).
        let runAsPostgres: Bool
        /// The server's options (`pg_ctl -o`), its port among them.
        let options: String

        var data: String { directory + "/data" }
        var pgCtl: String { binaries + "/pg_ctl" }
    }

    /// Every cluster this process made and has not removed, for the exit handler.
    private static let made = Mutex<[String: Paths]>([:])
    private static let exitHandler: Void = {
        atexit {
            for paths in ThrowawayCluster.made.withLock({ Array($0.values) }) {
                try? ThrowawayCluster.run(paths.pgCtl, ["-D", paths.data, "-m", "immediate", "-w", "stop"], asPostgres: paths.runAsPostgres)
                try? FileManager.default.removeItem(atPath: paths.directory)
            }
        }
    }()

    static func start() throws -> TestPostgres.Server {
        let (paths, port) = try create(settings: "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        try startServer(paths)
        return TestPostgres.Server(host: "127.0.0.1", port: port, username: "herald", password: nil, maintenanceDatabase: "postgres")
    }

    /// A new cluster, not yet started, on a free loopback port, with `settings` among its
    /// options; removed at exit unless ``remove(_:)`` removes it before. With `tls`, it accepts
    /// TCP connections over TLS only (see ``TLSFiles``).
    static func create(settings: String, tls: Bool = false) throws -> (Paths, Int) {
        let binaries = try binaryDirectory()
        let runAsPostgres = geteuid() == 0
        stopClustersOfDeadProcesses(pgCtl: binaries + "/pg_ctl", runAsPostgres: runAsPostgres)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pg-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if runAsPostgres {
            guard let account = getpwnam("postgres") else {
                throw TestPostgres.Unavailable(description: "running as root, but there is no postgres user to run PostgreSQL as (apt-get install postgresql)")
            }
            chown(directory, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let port = try freePort()
        let tlsFiles = tls ? try TLSFiles.make(in: directory, runAsPostgres: runAsPostgres) : nil
        let tlsOptions = tlsFiles.map { " -c ssl=on -c ssl_cert_file=\($0.certificate) -c ssl_key_file=\($0.key)" } ?? ""
        let options = "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories=\(directory) \(settings) -c max_connections=600" + tlsOptions
        let paths = Paths(directory: directory, binaries: binaries, runAsPostgres: runAsPostgres, options: options)
        _ = exitHandler
        made.withLock { $0[directory] = paths }
        try run(binaries + "/initdb", ["-D", paths.data, "-U", "herald", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres: runAsPostgres)
        if tls { try TLSFiles.allowEncryptedOnly(dataDirectory: paths.data) }
        return (paths, port)
    }

    /// Starts the cluster's server and waits until it accepts connections.
    static func startServer(_ paths: Paths) throws {
        do {
            try run(paths.pgCtl, ["-D", paths.data, "-l", paths.directory + "/server.log", "-o", paths.options, "-w", "-t", "60", "start"],
                    asPostgres: paths.runAsPostgres)
        } catch let error as TestPostgres.Unavailable {
            let log = (try? String(contentsOfFile: paths.directory + "/server.log", encoding: .utf8)) ?? ""
            throw TestPostgres.Unavailable(description: "\(error.description)\nserver log:\n\(log.suffix(2000))")
        }
    }

    /// Stops the cluster's server: `fast` (clients disconnected, a clean shutdown) or `immediate`.
    static func stopServer(_ paths: Paths, mode: String) throws {
        try run(paths.pgCtl, ["-D", paths.data, "-m", mode, "-w", "-t", "60", "stop"], asPostgres: paths.runAsPostgres)
    }

    /// Stops the cluster at once and deletes its files.
    static func remove(_ paths: Paths) {
        try? stopServer(paths, mode: "immediate")
        try? FileManager.default.removeItem(atPath: paths.directory)
        made.withLock { $0[paths.directory] = nil }
    }

    /// A test process killed outright never runs its exit handler, and its cluster keeps
    /// running: clusters whose process is gone are stopped and removed here.
    static func stopClustersOfDeadProcesses(pgCtl: String, runAsPostgres: Bool) {
        let temporary = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("herald-pg-") {
            let parts = name.dropFirst("herald-pg-".count).split(separator: "-", maxSplits: 1)
            guard let pid = parts.first.flatMap({ Int32($0) }), kill(pid, 0) == -1, errno == ESRCH else { continue }
            let directory = temporary + "/" + name
            try? run(pgCtl, ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], asPostgres: runAsPostgres)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// The newest installed PostgreSQL's programs (Debian keeps them out of PATH).
    static func binaryDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/pg_ctl") {
            return "\(root)/\(version)/bin"
        }
        throw TestPostgres.Unavailable(description: "no PostgreSQL server programs under /usr/lib/postgresql (apt-get install postgresql), and HERALD_TEST_POSTGRES_URL is not set")
    }

    /// Runs a program to its end, its output into a file that an error quotes. Blocks the
    /// calling thread (the callers run off the cooperative pool).
    static func run(_ program: String, _ arguments: [String], asPostgres: Bool) throws {
        let argv = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pg-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        guard FileManager.default.createFile(atPath: outputPath, contents: nil), let output = FileHandle(forWritingAtPath: outputPath) else {
            throw TestPostgres.Unavailable(description: "cannot create \(outputPath)")
        }
        defer { try? output.close() }
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.standardInput = nil
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw TestPostgres.Unavailable(description: "\(error)")
        }
        process.waitUntilExit()
        guard !process.wasSignalled && process.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw TestPostgres.Unavailable(description: "\((program as NSString).lastPathComponent) failed (status \(process.terminationStatus)): \(text)")
        }
    }

    /// A loopback port nothing listens on right now (see ``LoopbackPort/free()``).
    static func freePort() throws -> Int {
        guard let port = LoopbackPort.free() else {
            throw TestPostgres.Unavailable(description: "cannot find a free loopback port between 20000 and 32767")
        }
        return port
    }
}
