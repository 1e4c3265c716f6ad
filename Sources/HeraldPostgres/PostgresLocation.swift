import Foundation
import HeraldStore
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store lives, from a `postgres://user:password@host:port/database` URL
/// (`--database`, `HERALD_DATABASE`). `sslmode` is honoured as libpq's: `disable`, `prefer`
/// (the default), `require` (encrypted, certificate not checked) and `verify-full` (encrypted,
/// certificate checked against the system's roots and the host name; `sslrootcert=path` adds
/// a CA). The password never appears in ``description``.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let username: String
    let password: String?
    public let database: String
    public let sslMode: String
    let rootCertificate: String?

    /// Parses `url`; a URL that is not a PostgreSQL URL, or an unknown `sslmode`, is a clear error.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme?.lowercased() ?? ""),
              let host = components.host, !host.isEmpty else {
            throw StoreError(.unavailable, "the database URL must look like postgres://user:password@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.unavailable, "the database URL names no user: postgres://USER:password@\(host)/…")
        }
        let database = components.path.split(separator: "/").first.map(String.init) ?? ""
        guard !database.isEmpty else {
            throw StoreError(.unavailable, "the database URL names no database: postgres://…@\(host)/DATABASE")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let sslMode = query["sslmode"] ?? "prefer"
        guard ["disable", "prefer", "require", "verify-full"].contains(sslMode) else {
            throw StoreError(.unavailable, "sslmode=\(sslMode) is not supported: use disable, prefer, require or verify-full")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.sslMode = sslMode
        self.rootCertificate = query["sslrootcert"]
    }

    /// `postgres://user@host:port/database?sslmode=…`, without the password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }

    /// The certificate checks `sslmode` asks for (none for `prefer` and `require`, as libpq).
    private func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if sslMode == "verify-full" {
            if let rootCertificate { configuration.additionalTrustRoots = [.file(rootCertificate)] }
        } else {
            configuration.certificateVerification = .none
        }
        return configuration
    }

    /// The pool's configuration: at most `connections` connections.
    func clientConfiguration(connections: Int, startupParameters: [(String, String)] = []) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(tlsConfiguration())
        default: tls = .require(tlsConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = connections
        configuration.options.minimumConnections = 1
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// One connection's configuration, for the migrations.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if sslMode == "disable" {
            tls = .disable
        } else {
            let context = try NIOSSLContext(configuration: tlsConfiguration())
            tls = sslMode == "prefer" ? .prefer(context) : .require(context)
        }
        return PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
}
