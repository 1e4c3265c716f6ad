import HeraldTestSupport
import Testing

extension MultiProcessScenarios {
    /// Three processes accept and deliver side by side.
    @Suite("Three processes share the work")
    struct SharedWork {
        /// Messages posted: 20,000 with HERALD_SLOW_TESTS=1, 3,000 otherwise.
        static let messages = ScenarioScale.messages(slow: 20_000, quick: 3_000)

        @Test("messages accepted through all three processes reach 20 endpoints once each, and each process makes a fair share of the attempts",
              .timeLimit(.minutes(15)))
        func everyDeliveryOnceAndFairly() async throws {
            let started = ContinuousClock.now
            let database = try await TestPostgres.server().makeDatabase()
            let group = try await ProcessGroup.start(database: database, processes: 3, endpoints: 20)
            let owners = ConnectionOwners.start(processes: group.processIdentifiers, remotePort: group.receiver.port)
            let loadStarted = ContinuousClock.now
            let posted = await MessageLoad.post(count: Self.messages, clients: 12, through: group.processes, app: group.app) { $0 % 20 }
            let postingTook = ContinuousClock.now - loadStarted
            #expect(posted.accepted.count == Self.messages, "every message accepted: \(posted.answers), gave up on \(posted.gaveUp.count)")
            #expect(posted.unexpected.isEmpty, "\(posted.unexpected.prefix(5))")

            let expected = Set(posted.accepted.map(\.key))
            let ledger = try await group.waitForDeliveries(of: expected, timeout: .seconds(ScenarioScale.isSlow ? 600 : 180))
            let deliveringTook = ContinuousClock.now - loadStarted
            // Anything late or extra would show now.
            try await Task.sleep(for: .seconds(1))
            await owners.stop()
            let final = DeliveryLedger(group.receiver.requests())

            let missing = expected.subtracting(ledger.keys)
            #expect(missing.isEmpty, "\(missing.count) of \(expected.count) deliveries never made, e.g. \(missing.prefix(3))")
            #expect(final.duplicated.isEmpty, "\(final.duplicated.count) deliveries made more than once, e.g. \(final.duplicated.prefix(3))")
            #expect(final.keys.subtracting(expected).isEmpty, "deliveries nobody asked for: \(final.keys.subtracting(expected).prefix(3))")
            for endpoint in 0..<20 {
                let routed = posted.accepted.filter { $0.endpoint == endpoint }.count
                #expect(group.receiver.count(ProcessGroup.path(endpoint)) == routed, "endpoint \(endpoint) got every message routed to it")
            }

            // Who made the attempts: every process at least 15 % of them.
            let (byProcess, unattributed) = final.requestsByProcess(owners)
            #expect(unattributed <= final.requests.count / 100, "\(unattributed) of \(final.requests.count) requests not traced to a process")
            let shares = group.processIdentifiers.map { Double(byProcess[$0] ?? 0) / Double(max(1, final.requests.count)) }
            for (index, share) in shares.enumerated() {
                #expect(share >= 0.15, "process \(index) made \(Int(share * 100)) % of the attempts (shares \(shares.map { Int($0 * 100) }))")
            }
            let accepts = (0..<3).map { process in posted.accepted.filter { $0.process == process }.count }

            let statuses = try await group.waitUntilSettled(timeout: .seconds(30))
            #expect(statuses == ["succeeded": Self.messages], "every delivery row ended succeeded: \(statuses)")
            #expect(try await DeliveryTable.attemptCount(database) == final.requests.count, "one attempt on record per request received")
            // The statistics every process adds to are the whole system's, read through any process.
            for process in group.processes {
                let stats = try await process.api.get("/api/v1/stats?window=1h").json
                #expect(stats["attempts"] as? Int == final.requests.count && stats["succeeded"] as? Int == final.requests.count,
                        "statistics through one process count every process's attempts: \(stats["attempts"] ?? "-") of \(final.requests.count)")
                #expect(stats["messages"] as? Int == Self.messages, "and every process's accepted messages: \(stats["messages"] ?? "-")")
            }
            #expect(await group.stop().isEmpty, "every process stops within 30 s of SIGTERM")
            print("""
                [scenario shared-work] \(Self.messages) messages, 3 processes, 20 endpoints: posted in \(postingTook), all delivered \(deliveringTook) \
                after the load began; accepted per process \(accepts); attempts per process \(shares.map { "\(Int($0 * 1000) / 10) %" }) \
                (\(unattributed) unattributed); test \(ContinuousClock.now - started)
                """)
        }
    }
}
