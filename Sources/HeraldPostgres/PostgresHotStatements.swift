import HeraldStore
import NIOCore
import PostgresNIO

/// The statements run for every message and every delivery, as named prepared statements: each
/// connection parses and plans each one once, then only binds and executes it. Sent as unnamed
/// statements they were parsed, analysed and planned on every execution, which took about half
/// of PostgreSQL's CPU time (a quarter of a 2-core machine's) with three processes at 500
/// messages/s; execution itself took a sixth (see `docs/benchmarks.md`).
///
/// Their SQL is written with positional parameters and their parameter types declared, so that
/// a first execution with a NULL does not leave a parameter's type to inference.
enum PostgresHotStatements {
    /// A message with neither an idempotency key nor an event id, its deliveries and their
    /// notification in one statement (see `PostgresStore.acceptMessage`). One row: messages
    /// stored (0 when the application or event type changed since the caller read them),
    /// deliveries made, notifications sent.
    struct Accept: PostgresPreparedStatement {
        static let name = "herald_accept_v1"
        static let sql = """
            WITH stored AS (
                INSERT INTO messages (id, app_id, event_type, event_id, version, payload, created_at)
                SELECT $1, $2, $3, NULL, $4, $5, $6
                WHERE NOT $7
                   OR (EXISTS (SELECT 1 FROM applications WHERE id = $2 AND updated_at = $8)
                       AND EXISTS (SELECT 1 FROM event_types WHERE name = $3 AND updated_at = $9))
                RETURNING id),
            made AS (
                INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at)
                SELECT s.id, e.id, 'pending', 0, $10, $10 FROM stored s JOIN endpoints e ON e.app_id = $2
                WHERE NOT e.disabled
                  AND (e.all_event_types OR EXISTS (SELECT 1 FROM endpoint_event_types f WHERE f.endpoint_id = e.id AND f.event_type = $3))
                RETURNING id),
            announced AS (
                SELECT pg_notify($11, '') FROM (SELECT 1 FROM made LIMIT 1) AS any_made)
            SELECT (SELECT count(*) FROM stored)::int, (SELECT count(*) FROM made)::int, (SELECT count(*) FROM announced)::int
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .text, .bytea, .int8, .bool, .int8, .int8, .int8, .text]
        typealias Row = (Int, Int, Int)

        let submission: MessageSubmission
        let now: Int64
        let channel: String

        func makeBindings() throws -> PostgresBindings {
            let message = submission.message
            var bindings = PostgresBindings(capacity: 11)
            bindings.append(message.id)
            bindings.append(message.appID)
            bindings.append(message.eventType)
            bindings.append(message.version)
            bindings.append(ByteBuffer(bytes: message.payload))
            bindings.append(message.createdAt)
            bindings.append(submission.readVersions != nil)
            bindings.append(submission.readVersions?.applicationUpdatedAt)
            bindings.append(submission.readVersions?.eventTypeUpdatedAt)
            bindings.append(now)
            bindings.append(channel)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A claim that excludes no endpoint (see `PostgresStore.claimDueDeliveries`): oldest due
    /// first over the due-time index, rows another process is claiming skipped rather than
    /// waited for, a batch whole; the claimed rows with their messages and endpoints.
    struct Claim: PostgresPreparedStatement {
        static let name = "herald_claim_v3"
        static let sql = """
            WITH picked AS (
                SELECT d.id, d.batch_id FROM deliveries d
                WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $1
                  AND EXISTS (SELECT 1 FROM endpoints e WHERE e.id = d.endpoint_id AND NOT e.disabled)
                ORDER BY d.next_attempt_at LIMIT $2
                FOR UPDATE OF d SKIP LOCKED),
            \(claimTail(leaseUntil: "$3", owner: "$4"))
            """
        static let bindingDataTypes: [PostgresDataType] = [.int8, .int8, .int8, .text]
        typealias Row = PostgresRow

        let now: Int64
        let limit: Int
        let leaseUntil: Int64
        let owner: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(now)
            bindings.append(Int64(limit))
            bindings.append(leaseUntil)
            bindings.append(owner)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { row }
    }

    /// A claim that leaves some endpoints out (this process's lanes for them are full, or its
    /// share of them is zero): the oldest due rows of every other enabled endpoint, found
    /// endpoint by endpoint (as SQLite's claim does), so that its cost follows the endpoints
    /// with due rows and the rows it takes, not the backlog of the endpoints it leaves out.
    ///
    /// Filtering the due-time index instead (``Claim`` with a `NOT (endpoint_id = ANY …)`)
    /// walked every due row of the excluded endpoints before each claim could end: with a
    /// backlog of 80,000 deliveries to endpoints a process had no room for, an empty claim
    /// read 20,928 buffers in 68–160 ms (auto_explain), and three processes made many such
    /// claims (see `docs/benchmarks.md`).
    ///
    /// `due_endpoints` finds the endpoints with due rows by a skip scan of
    /// `deliveries_waiting_by_endpoint` (one index descent per such endpoint, as PostgreSQL 15
    /// has no skip scan of its own; rows not yet due are passed over inside the index). With
    /// 10,000 endpoints holding a scheduled retry, a tenth of them due: 4–5 ms.
    ///
    /// `candidates` reads, without locking, each wanted endpoint's oldest due rows: up to the
    /// whole limit while at most 16 endpoints have due rows, an even split of 4,096 rows
    /// beyond that, so that what is read stays bounded however many endpoints are due. So
    /// with more than 16 due endpoints, a claim may bring fewer than the limit while one of
    /// them has more (its share was smaller than its backlog); the next claim, with the
    /// endpoints just served gone from the due ones, takes more of it.
    ///
    /// `picked` then takes the oldest candidates and locks them, rows another process is
    /// claiming skipped, and checks again that each is still waiting (a check written
    /// `(…) IS TRUE`, which matches no index, so that each candidate is read through the primary
    /// key: written plainly, the planner chose a bitmap scan of every due row to join the
    /// candidates against, 18 ms of a 29 ms claim with 68,000 due).
    struct ClaimExcluding: PostgresPreparedStatement {
        static let name = "herald_claim_excluding_v1"
        static let sql = """
            WITH RECURSIVE due_endpoints(endpoint_id) AS (
                (SELECT x.endpoint_id FROM deliveries x
                 WHERE x.status IN ('pending', 'failed') AND x.next_attempt_at <= $1 ORDER BY x.endpoint_id LIMIT 1)
                UNION ALL
                SELECT (SELECT x.endpoint_id FROM deliveries x
                        WHERE x.status IN ('pending', 'failed') AND x.next_attempt_at <= $1 AND x.endpoint_id > w.endpoint_id
                        ORDER BY x.endpoint_id LIMIT 1)
                FROM due_endpoints w WHERE w.endpoint_id IS NOT NULL),
            due AS (
                SELECT w.endpoint_id FROM due_endpoints w
                WHERE w.endpoint_id IS NOT NULL AND NOT (w.endpoint_id = ANY($2::text[]))
                  AND EXISTS (SELECT 1 FROM endpoints e WHERE e.id = w.endpoint_id AND NOT e.disabled)),
            candidates AS (
                SELECT c.id FROM due w CROSS JOIN LATERAL (
                    SELECT x.id FROM deliveries x
                    WHERE x.endpoint_id = w.endpoint_id AND x.status IN ('pending', 'failed') AND x.next_attempt_at <= $1
                    ORDER BY x.next_attempt_at
                    LIMIT (SELECT LEAST($3, GREATEST(($3 + count(*) - 1) / count(*), 4096 / count(*))) FROM due)) AS c),
            picked AS (
                SELECT d.id, d.batch_id FROM deliveries d
                WHERE d.id = ANY(ARRAY(SELECT c.id FROM candidates c)) AND (d.status IN ('pending', 'failed') AND d.next_attempt_at <= $1) IS TRUE
                ORDER BY d.next_attempt_at LIMIT $3
                FOR UPDATE OF d SKIP LOCKED),
            \(claimTail(leaseUntil: "$4", owner: "$5"))
            """
        static let bindingDataTypes: [PostgresDataType] = [.int8, .textArray, .int8, .int8, .text]
        typealias Row = PostgresRow

        let now: Int64
        let excluded: [String]
        let limit: Int
        let leaseUntil: Int64
        let owner: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 5)
            bindings.append(now)
            bindings.append(excluded)
            bindings.append(Int64(limit))
            bindings.append(leaseUntil)
            bindings.append(owner)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { row }
    }

    /// What both claims do with the rows they `picked`: a batch goes whole (its other waiting
    /// members too, due or not, locked ones skipped), every claimed row moves to `in_flight`
    /// under this process's lease, and comes back with its message and endpoint, due order.
    ///
    /// Each claimed row fetches its message and endpoint by primary key (`LATERAL … OFFSET 0`,
    /// which the planner cannot turn into a join of its choice): with a plain join, statistics
    /// taken while the tables were small made the planner hash the claimed rows and scan all of
    /// `messages` for every claim (auto_explain during a three-process drain: 60–170 ms claims,
    /// a seq scan of 20,000 messages each), so a claim's cost grew with the table.
    private static func claimTail(leaseUntil: String, owner: String) -> String {
        """
        siblings AS (
            SELECT s.id FROM deliveries s
            WHERE s.batch_id IN (SELECT p.batch_id FROM picked p WHERE p.batch_id IS NOT NULL)
              AND s.status IN ('pending', 'failed') AND s.id NOT IN (SELECT p.id FROM picked p)
            FOR UPDATE OF s SKIP LOCKED),
        claimed AS (
            UPDATE deliveries d SET status = 'in_flight', lease_until = \(leaseUntil), lease_owner = \(owner)
            WHERE d.id IN (SELECT id FROM picked UNION ALL SELECT id FROM siblings)
            RETURNING d.id, d.attempts, d.manual, d.batch_id, d.message_id, d.endpoint_id, d.next_attempt_at)
        SELECT d.id, d.attempts, d.manual, d.batch_id, \(PostgresStore.messageColumns), \(PostgresStore.endpointColumns)
        FROM claimed d
        CROSS JOIN LATERAL (SELECT * FROM messages x WHERE x.id = d.message_id OFFSET 0) AS m
        CROSS JOIN LATERAL (SELECT * FROM endpoints x WHERE x.id = d.endpoint_id OFFSET 0) AS e
        ORDER BY d.next_attempt_at, d.id
        """
    }

    /// When the next delivery comes due, over every enabled endpoint (see `PostgresStore.nextDueTime`).
    struct NextDue: PostgresPreparedStatement {
        static let name = "herald_next_due_v1"
        static let sql = """
            SELECT d.next_attempt_at FROM deliveries d
            WHERE d.status IN ('pending', 'failed') AND EXISTS (SELECT 1 FROM endpoints e WHERE e.id = d.endpoint_id AND NOT e.disabled)
            ORDER BY d.next_attempt_at LIMIT 1
            """
        typealias Row = Int64

        func makeBindings() throws -> PostgresBindings { PostgresBindings() }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
    }
}

extension PostgresHotStatements {
    /// A record write (see `PostgresStore.recordAttempts`): every attempt inserted (those of
    /// deliveries that are gone dropped) and each one's delivery moved on (a resend asked for
    /// while it was on the wire wins over its outcome), and `failing_since` cleared for the
    /// endpoints in `recovered`. One row per delivery moved on: true where a resend became due.
    ///
    /// `(d.status = 'in_flight') IS TRUE` rather than `d.status = 'in_flight'`: the plain form
    /// matches the partial index `deliveries_leased`, and the generic plan then built a hash of
    /// every delivery in flight (stale statistics see few) to join the batch's ten or so rows
    /// against: 19.5 ms with 30,000 in flight, and 30 % of the machine's samples during a
    /// three-process drain (`MultiExecHash`). Written so, the predicate matches no partial index
    /// and each input row finds its delivery through the primary key: 0.9 ms.
    struct Settle: PostgresPreparedStatement {
        static let name = "herald_settle_v3"
        static let sql = """
            WITH input AS (
                SELECT * FROM unnest(
                    $1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::boolean[], $9::bigint[],
                    $10::bigint[], $11::int[], $12::text[], $13::text[], $14::bytea[], $15::text[], $16::text[], $17::text[], $18::bigint[]
                ) AS t(id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                       response_status, error_kind, error_message, response_body, response_content_type, batch_id, next_status, next_attempt_at)
            ),
            written AS (
                INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                                      response_status, error_kind, error_message, response_body, response_content_type, batch_id)
                SELECT i.id, i.delivery_id, i.message_id, i.endpoint_id, i.app_id, i.attempt_number, i.trigger, i.succeeded, i.started_at, i.duration_ms,
                       i.response_status, i.error_kind, i.error_message, i.response_body, i.response_content_type, i.batch_id
                FROM input i WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.id = i.delivery_id)
            ),
            recovered AS (
                UPDATE endpoints SET failing_since = NULL WHERE id = ANY($19::text[]) AND failing_since IS NOT NULL
            ),
            \(PostgresStatistics.countingCTE(parameter: 20))
            UPDATE deliveries d SET
                status = CASE WHEN d.resend_at IS NULL THEN i.next_status ELSE 'failed' END,
                attempts = i.attempt_number,
                next_attempt_at = CASE WHEN d.resend_at IS NULL THEN COALESCE(i.next_attempt_at, d.next_attempt_at) ELSE d.resend_at END,
                lease_until = NULL, lease_owner = NULL, manual = d.resend_at IS NOT NULL, resend_at = NULL, last_attempt_at = i.started_at
            FROM input i WHERE d.id = i.delivery_id AND (d.status = 'in_flight') IS TRUE
            RETURNING d.manual
            """
        static let bindingDataTypes: [PostgresDataType] = [
            .textArray, .int8Array, .textArray, .textArray, .textArray, .int4Array, .textArray, .boolArray, .int8Array,
            .int8Array, .int4Array, .textArray, .textArray, .byteaArray, .textArray, .textArray, .textArray, .int8Array, .textArray, .text,
        ]
        typealias Row = Bool

        let outcomes: [AttemptOutcome]
        let recovered: [String]

        func makeBindings() throws -> PostgresBindings {
            let attempts = outcomes.map(\.attempt)
            var bindings = PostgresBindings(capacity: 20)
            bindings.append(attempts.map(\.id))
            bindings.append(attempts.map(\.deliveryID))
            bindings.append(attempts.map(\.messageID))
            bindings.append(attempts.map(\.endpointID))
            bindings.append(attempts.map(\.appID))
            bindings.append(attempts.map { Int32($0.attemptNumber) })
            bindings.append(attempts.map(\.trigger.rawValue))
            bindings.append(attempts.map(\.succeeded))
            bindings.append(attempts.map(\.startedAt))
            bindings.append(attempts.map(\.durationMilliseconds))
            bindings.append(NullableArray(attempts.map { $0.responseStatus.map(Int32.init) }))
            bindings.append(NullableArray(attempts.map(\.errorKind)))
            bindings.append(NullableArray(attempts.map(\.errorMessage)))
            bindings.append(attempts.map { ByteBuffer(bytes: $0.responseBody) })
            bindings.append(NullableArray(attempts.map(\.responseContentType)))
            bindings.append(NullableArray(attempts.map(\.batchID)))
            bindings.append(outcomes.map(\.status.rawValue))
            bindings.append(NullableArray(outcomes.map(\.nextAttemptAt)))
            bindings.append(recovered)
            bindings.append(PostgresStatistics.rowsJSON(attempts))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Bool.self) }
    }
}

extension PostgresConnection {
    /// ``queryIfOpen(_:logger:)`` for a prepared statement: runs it unless the connection has
    /// closed, and reads all its rows.
    func executeIfOpen<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row]
    where Statement: Sendable, Statement.Row: Sendable {
        try await answerOrClose {
            var rows = [Statement.Row]()
            for try await row in try await self.execute(statement, logger: logger) { rows.append(row) }
            return rows
        }
    }
}

extension PostgresStore {
    /// ``query(_:conflict:missing:bookkeeping:)`` for a prepared statement.
    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement, conflict: String = "already exists",
                                                       missing: String = "a row it refers to does not exist",
                                                       bookkeeping: Bool = false) async throws -> [Statement.Row] where Statement.Row: Sendable {
        do {
            if let connection = connectionBeforeRun { return try await connection.executeIfOpen(statement, logger: logger) }
            return try await withPooledConnection(bookkeeping ? bookkeepingClient : client) { connection in
                try await connection.executeIfOpen(statement, logger: self.logger)
            }
        } catch {
            throw Self.storeError(error, conflict: conflict, missing: missing)
        }
    }
}
