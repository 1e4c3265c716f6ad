import Foundation
import HeraldStore
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The store on PostgreSQL, for several Herald processes sharing one database.
///
/// Open it with ``open(url:connections:logger:)``, which applies the migrations, then run it
/// (``run()``, a `Service`) for as long as it is used: the connection pool lives in that task.
public final class PostgresStore: HeraldStore, Service {
    let client: PostgresClient
    /// A second, small pool for the dispatcher's bookkeeping (claims, attempt records, leases,
    /// shares): its sessions run with `synchronous_commit = off`, so each such statement commits
    /// on its own, in one round trip, without waiting for a WAL flush (see ``transaction(conflict:missing:bookkeeping:_:)``).
    let bookkeepingClient: PostgresClient
    let logger: Logger
    /// The connection the migrations ran on, kept for what runs before ``run()`` starts the pool
    /// (a process provisions its API token while it is being put together); closed when the
    /// pool's task ends. Before `run()`, callers take turns: one statement or transaction at a time.
    private let setupConnection: Mutex<PostgresConnection?>
    /// Set once ``run()`` has started the pool: from then on every statement goes to the pool.
    private let poolStarted = Atomic<Bool>(false)
    /// Where it is, without the password.
    public let location: PostgresLocation
    /// Rung when deliveries may have become due (in this process; other processes hear of it
    /// through NOTIFY).
    public let deliverySignal = DeliverySignal()
    /// Whose leases this store's claims are: one id per store, so a process releases only its own.
    let leaseOwner = UUID().uuidString
    /// Who hears of changes made by any process (see ``onChange(_:resynchronize:)``).
    let changeHandlers = Mutex<[ChangeHandler]>([])
    /// Messages accepted since the last flush to `message_stats`, by application and bucket.
    let pendingMessageCounts = PendingMessageCounts()

    private init(client: PostgresClient, bookkeepingClient: PostgresClient, location: PostgresLocation, setupConnection: PostgresConnection, logger: Logger) {
        self.client = client
        self.bookkeepingClient = bookkeepingClient
        self.location = location
        self.setupConnection = Mutex(setupConnection)
        self.logger = logger
    }

    /// Connections of the bookkeeping pool: the dispatcher runs one claim, one record write, one
    /// share renewal and a release or two at a time.
    static let bookkeepingConnections = 4

    /// Connects to the database at `url`, applies the migrations this version needs, and
    /// returns the store, which must then be ``run()``. Unreachable or refusing: `unavailable`,
    /// with the reason.
    public static func open(url: String, connections: Int = 16, logger: Logger = Logger(label: "herald.postgres")) async throws -> PostgresStore {
        let location = try PostgresLocation(url: url)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try location.connectionConfiguration(),
                                                              id: 0, logger: logger).get()
            do {
                try await PostgresMigrations.migrate(connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "cannot open the PostgreSQL database at \(location): \(Self.describe(error))")
        }
        let client = PostgresClient(configuration: try location.clientConfiguration(connections: connections), backgroundLogger: logger)
        // The dispatcher's statements (claims, records, releases) run with generic plans, planned
        // once per connection without the parameters' values: a custom plan for a claim, made
        // with statistics from when the backlog was small, read every due row through a bitmap
        // scan and sorted them instead of walking the due-time index to the first few hundred.
        let bookkeepingClient = PostgresClient(
            configuration: try location.clientConfiguration(
                connections: bookkeepingConnections, startupParameters: [("synchronous_commit", "off"), ("plan_cache_mode", "force_generic_plan")]),
            backgroundLogger: logger)
        return PostgresStore(client: client, bookkeepingClient: bookkeepingClient, location: location, setupConnection: connection, logger: logger)
    }

    /// Runs the connection pool, and a listener that rings ``deliverySignal`` whenever any
    /// process made deliveries due (NOTIFY on ``deliveriesChannel``), until cancelled or the
    /// service group shuts down.
    public func run() async throws {
        poolStarted.store(true, ordering: .releasing)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.client.run() }
                group.addTask { await self.bookkeepingClient.run() }
                group.addTask { await self.listenForDeliveries() }
                group.addTask { await self.listenForChanges() }
                group.addTask { await self.flushMessageCountsEverySecond() }
            }
        }
        if let connection = setupConnection.withLock({ connection in defer { connection = nil }; return connection }) {
            try? await connection.close()
        }
    }

    /// True once ``run()`` has started: statements go to the pool, any number at a time.
    public var isRunning: Bool { poolStarted.load(ordering: .acquiring) }

    /// The setup connection, while the pool has not started.
    var connectionBeforeRun: PostgresConnection? {
        poolStarted.load(ordering: .acquiring) ? nil : setupConnection.withLock { $0 }
    }

    /// Holds one pooled connection listening on ``deliveriesChannel``; a lost connection is
    /// replaced after a second (the dispatcher's own polling covers the gap), and every
    /// reconnection rings the signal once, for what was announced meanwhile.
    func listenForDeliveries() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.deliveriesChannel) { notifications in
                        self.deliverySignal.notify()
                        for try await _ in notifications { self.deliverySignal.notify() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("lost the PostgreSQL notification listener; listening again in 1 s", metadata: ["error": "\(Self.describe(error))"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    public func checkHealth() async throws {
        try await query("SELECT 1")
    }

    // MARK: Running statements

    /// Runs one statement on a pooled connection and reads all its rows, mapping failures (also
    /// those that arrive with the rows, such as a unique violation) to ``StoreError``.
    /// A `bookkeeping` statement goes to ``bookkeepingClient``: it commits without waiting for
    /// the WAL flush.
    @discardableResult
    func query(_ query: PostgresQuery, conflict: String = "already exists", missing: String = "a row it refers to does not exist",
               bookkeeping: Bool = false) async throws -> [PostgresRow] {
        do {
            if let connection = connectionBeforeRun { return try await connection.query(query, logger: logger).collect() }
            return try await withPooledConnection(bookkeeping ? bookkeepingClient : client) { connection in
                try await connection.queryIfOpen(query, logger: self.logger).collect()
            }
        } catch {
            throw Self.storeError(error, conflict: conflict, missing: missing)
        }
    }

    /// Runs `body` in one transaction on one connection, mapping failures to ``StoreError``.
    /// A `bookkeeping` transaction (the dispatcher's claims and attempt records, see
    /// `HeraldStore`'s durability classes) commits without waiting for its WAL to reach the disk
    /// (`synchronous_commit = off`): it survives a crash of any Herald process, a crash of the
    /// database may lose the last fraction of a second of them, and the next synced commit
    /// makes them durable with it.
    func transaction<T: Sendable>(conflict: String = "already exists", missing: String = "a row it refers to does not exist", bookkeeping: Bool = false,
                                  _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            if let connection = connectionBeforeRun {
                return try await PostgresTransaction.run(on: connection, logger: logger) { connection in
                    if bookkeeping { try await connection.queryIfOpen("SET LOCAL synchronous_commit TO OFF", logger: self.logger) }
                    return try await body(connection)
                }
            }
            return try await withPooledConnection(bookkeeping ? bookkeepingClient : client) { connection in
                try await PostgresTransaction.run(on: connection, logger: self.logger, body)
            }
        } catch {
            throw Self.storeError(error, conflict: conflict, missing: missing)
        }
    }

    /// A unique value taken: `conflict`; a reference to nothing: `notFound`; anything else
    /// (a lost connection, a server shutting down): `unavailable`.
    static func storeError(_ error: any Error, conflict: String, missing: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresTransactionError {
            // The cause is the first that happened: BEGIN, the statements, or COMMIT.
            if let cause = error.beginError ?? error.closureError ?? error.commitError {
                return storeError(cause, conflict: conflict, missing: missing)
            }
        }
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            switch state {
            case PostgresError.Code.uniqueViolation.raw: return StoreError(.conflict, conflict)
            case PostgresError.Code.foreignKeyViolation.raw: return StoreError(.notFound, missing)
            default: break
            }
        }
        return StoreError(.unavailable, "the PostgreSQL database failed: \(describe(error))")
    }

    /// The server's message when there is one, else the error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

extension AsyncSequence {
    /// Every element, in order.
    func all() async throws -> [Element] {
        var elements = [Element]()
        for try await element in self { elements.append(element) }
        return elements
    }
}

extension Array where Element == PostgresRow {
    /// Every row's columns, decoded.
    func decode<each Column: PostgresDecodable>(_ columns: (repeat each Column).Type) throws -> [(repeat each Column)] {
        try map { try $0.decode(columns) }
    }
}
