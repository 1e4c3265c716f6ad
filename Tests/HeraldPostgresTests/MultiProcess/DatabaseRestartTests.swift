import HeraldTestSupport
import Logging
import PostgresNIO
import Testing

extension MultiProcessScenarios {
    /// The PostgreSQL server restarts under load.
    @Suite("PostgreSQL restarted under load")
    struct DatabaseRestart {
        static let messages = ScenarioScale.messages(slow: 6_000, quick: 2_000)
        /// How long the database stays down.
        static let outage: Duration = .seconds(8)

        @Test("the processes answer 503 with an error code while it is down, reconnect by themselves, and deliver every message they answered 202 for",
              .timeLimit(.minutes(10)))
        func survivesRestart() async throws {
            let started = ContinuousClock.now
            let cluster = try await TestPostgresCluster.start()
            defer { cluster.remove() }
            let database = try await cluster.server.makeDatabase()
            let group = try await ProcessGroup.start(database: database, processes: 3, endpoints: 10,
                                                     arguments: ["--lease-duration", "20s", "--request-timeout", "5s"])
            let load = MessageLoad.start(count: Self.messages, clients: 8, through: group.processes, app: group.app, patience: .seconds(120)) { $0 % 10 }
            let reached = try await group.waitForRequests(Self.messages / 5, timeout: .seconds(120))
            #expect(reached >= Self.messages / 5, "the load got going")

            progress("postgres-restart: \(reached) requests received; stopping the database")
            try await cluster.stop()
            let stoppedAt = ContinuousClock.now
            // While it is down: every process answers, 503 with an error code, promptly.
            var probes = [String: Int]()
            var slowestProbe = Duration.zero
            while ContinuousClock.now - stoppedAt < Self.outage {
                for (index, process) in group.processes.enumerated() {
                    let probeStarted = ContinuousClock.now
                    do {
                        let answer = try await process.api.get("/api/v1/apps/\(group.app)/messages?limit=1")
                        probes["\(answer.status) \(answer.errorCode ?? answer.text)", default: 0] += 1
                        #expect(answer.status == 503 && answer.errorCode == "store_unavailable",
                                "process \(index) while the database is down: \(answer.status) \(answer.text)")
                    } catch {
                        probes["no answer", default: 0] += 1
                        Issue.record("process \(index) did not answer while the database was down: \(error)")
                    }
                    slowestProbe = max(slowestProbe, ContinuousClock.now - probeStarted)
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(slowestProbe < .seconds(20), "a 503 comes without a long wait: the slowest took \(slowestProbe)")
            progress("postgres-restart: probes while down \(probes); starting the database")
            try await cluster.start()
            let restartedAt = ContinuousClock.now

            // Each process finds the database again by itself.
            var reconnected = [Duration]()
            for (index, process) in group.processes.enumerated() {
                let deadline = ContinuousClock.now + .seconds(60)
                var status = 0
                while ContinuousClock.now < deadline {
                    status = (try? await process.api.get("/api/v1/apps/\(group.app)/messages?limit=1").status) ?? 0
                    if status == 200 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(status == 200, "process \(index) answers again after the restart")
                reconnected.append(ContinuousClock.now - restartedAt)
            }

            let posted = await load.finish()
            let allowed: Set<String> = ["202", "503 store_unavailable"]
            #expect(Set(posted.answers.keys).isSubset(of: allowed), "only 202 and 503 store_unavailable: \(posted.answers), \(posted.transportErrors)")
            #expect(posted.unexpected.isEmpty, "\(posted.unexpected.prefix(5))")
            #expect(posted.gaveUp.isEmpty, "every message was accepted once the database was back: gave up on \(posted.gaveUp.count)")
            let stored = try await Self.storedMessages(database)
            let acceptedIDs = Set(posted.accepted.map(\.id))
            #expect(acceptedIDs.isSubset(of: stored), "\(acceptedIDs.subtracting(stored).count) messages answered 202 are not in the database")
            let expected = Set(posted.accepted.map(\.key))
            let ledger = try await group.waitForDeliveries(of: expected, timeout: .seconds(180))
            let deliveredAt = ContinuousClock.now
            let missing = expected.subtracting(ledger.keys)
            #expect(missing.isEmpty, "\(missing.count) of \(expected.count) messages answered 202 never delivered, e.g. \(missing.prefix(3))")
            for (index, process) in group.processes.enumerated() {
                #expect(process.isRunning, "process \(index) is still running:\n\(process.printed.suffix(3000))")
            }
            #expect(await group.stop().isEmpty, "every process stops within 30 s of SIGTERM")
            print("""
                [scenario postgres-restart] \(Self.messages) messages, database down \(restartedAt - stoppedAt): probes \(probes), slowest \(slowestProbe); \
                answers \(posted.answers), slowest 503 \(posted.slowest503); answering again \(reconnected) after the restart; \
                every 202'd message delivered \(deliveredAt - restartedAt) after it (\(ledger.extraRequests) repeated); test \(ContinuousClock.now - started)
                """)
        }

        /// The ids of every message in the database.
        static func storedMessages(_ url: String) async throws -> Set<String> {
            try await TestPostgres.withConnection(url: url) { connection in
                var ids = Set<String>()
                for try await id in try await connection.query("SELECT id FROM messages", logger: .init(label: "test-postgres")).decode(String.self) {
                    ids.insert(id)
                }
                return ids
            }
        }
    }
}
