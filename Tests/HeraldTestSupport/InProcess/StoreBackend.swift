/// The stores `herald serve` runs on, for tests that run once on each:
/// `@Test("…", arguments: StoreBackend.allCases)` with the case handed to
/// ``InProcessServer/run(_:on:dataDirectory:token:_:)`` or ``DeliveryFixture/run(_:on:_:)``.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The embedded SQLite database in the server's data directory (the default).
    case sqlite
    /// A PostgreSQL database of its own on the test server (``TestPostgres``).
    case postgres

    /// The name a test's argument shows: `SQLite` or `PostgreSQL`.
    public var description: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// How many in-process servers on this backend may run at once (nil: any number). On
    /// PostgreSQL each holds a few of the test cluster's 600 connections (a setup connection, two
    /// listeners, a pool of up to 16 and a bookkeeping pool of 4), and the suites would otherwise
    /// start about a hundred at once, beside the store conformance cases, and run out; and each
    /// brings PostgreSQL backends that compete for the cores with the timing tests, so on a
    /// 2-core machine 8 at once keep those honest. A test body that starts a second server on
    /// PostgreSQL holds two slots.
    public var concurrentServers: AsyncSlots? {
        switch self {
        case .sqlite: nil
        case .postgres: Self.postgresServers
        }
    }

    private static let postgresServers = AsyncSlots(8)

    /// `herald serve` flags that put a server on a new, empty store of this backend: none for
    /// SQLite, whose store is in the server's data directory (fresh unless a test passes one),
    /// and `--database <url>` of a newly created database for PostgreSQL. Servers started with
    /// the same flags (and, for SQLite, the same data directory) share one store.
    public func freshStoreFlags() async throws -> [String] {
        switch self {
        case .sqlite: []
        case .postgres: ["--database", try await TestPostgres.server().makeDatabase()]
        }
    }
}
