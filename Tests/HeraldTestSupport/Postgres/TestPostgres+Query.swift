import Foundation
import Logging
import NIOPosix
import PostgresNIO

extension TestPostgres {
    /// Runs `sql` (written by the test, no input spliced in) on the database at `url` and returns
    /// the first column of its first row as an integer: for tests that look at what a store wrote.
    public static func integer(url: String, _ sql: String) async throws -> Int64 {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw Unavailable(description: "not a PostgreSQL URL: \(url)")
        }
        let database = String(components.path.dropFirst())
        let logger = Logger(label: "test-postgres")
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: .init(host: host, port: components.port ?? 5432, username: user, password: components.password, database: database, tls: .disable),
            id: 0, logger: logger).get()
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
            try await connection.close()
            guard let row = rows.first else { throw Unavailable(description: "no row from \(sql)") }
            return try row.decode(Int64.self)
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
