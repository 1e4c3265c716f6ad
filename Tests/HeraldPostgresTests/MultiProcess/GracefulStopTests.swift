import HeraldTestSupport
import Testing

extension MultiProcessScenarios {
    /// One of three processes is stopped with SIGTERM mid-run.
    @Suite("SIGTERM of one process")
    struct GracefulStop {
        static let messages = ScenarioScale.messages(slow: 20_000, quick: 3_000)
        /// The request timeout: a graceful stop waits for the attempts on the wire, each ends by it.
        static let requestTimeout = 10

        @Test("the stopped process exits in time and leaves nothing under its lease; the others make every delivery",
              .timeLimit(.minutes(15)))
        func stopsCleanly() async throws {
            let started = ContinuousClock.now
            let database = try await TestPostgres.server().makeDatabase()
            // The default lease (2 minutes) is far longer than the test waits after the stop: a
            // claim the stopped process kept would hold its delivery past the end of the test.
            let group = try await ProcessGroup.start(database: database, processes: 3, endpoints: 20,
                                                     arguments: ["--request-timeout", "\(Self.requestTimeout)s"])
            let connections = ConnectionOwners.start(processes: group.processIdentifiers, remotePort: group.receiver.port)
            let leaseOwners = LeaseOwners.start(group: group)
            let stopped = group.processes[2]

            let loadStarted = ContinuousClock.now
            let load = MessageLoad.start(count: Self.messages, clients: 12, through: group.processes, app: group.app) { $0 % 20 }
            let reached = try await group.waitForRequests(Self.messages / 3, timeout: .seconds(300))
            #expect(reached >= Self.messages / 3, "the load got going")
            let leasedBefore = try await DeliveryTable.leased(database, endpoints: group.endpoints)
            leaseOwners.add(leasedBefore)
            load.takeOut(2)
            progress("sigterm: \(reached) requests received; stopping process \(stopped.processIdentifier)")
            let stopping = ContinuousClock.now
            let status = await stopped.stop()
            let stopTook = ContinuousClock.now - stopping
            #expect(status == 0, "a graceful stop exits 0:\n\(stopped.printed.suffix(2000))")
            #expect(stopTook < .seconds(Self.requestTimeout + 5), "exited \(stopTook) after SIGTERM; attempts end within \(Self.requestTimeout)s")
            let leasedAfter = try await DeliveryTable.leased(database, endpoints: group.endpoints)

            let posted = await load.finish()
            #expect(posted.unexpected.isEmpty, "\(posted.unexpected.prefix(5))")
            #expect(posted.gaveUp.isEmpty, "every message was accepted by some process: gave up on \(posted.gaveUp.count), \(posted.answers)")
            let expected = Set(posted.accepted.map(\.key))
            // Well within the lease: what the stopped process had kept would still be leased.
            let ledger = try await group.waitForDeliveries(of: expected, timeout: .seconds(ScenarioScale.isSlow ? 600 : 100))
            let done = ContinuousClock.now
            try await Task.sleep(for: .seconds(1))
            await connections.stop()
            await leaseOwners.stop()
            let final = DeliveryLedger(group.receiver.requests())

            let missing = expected.subtracting(ledger.keys)
            #expect(missing.isEmpty, "\(missing.count) of \(expected.count) accepted deliveries never made, e.g. \(missing.prefix(3))")
            #expect(final.duplicated.isEmpty, "a graceful stop repeats nothing: \(final.duplicated.count) made twice, e.g. \(final.duplicated.prefix(3))")
            let processOf = leaseOwners.processes(final, connections: connections)
            let stoppedOwners = Set(processOf.filter { $0.value == stopped.processIdentifier }.keys)
            #expect(stoppedOwners.count == 1, "the stopped process's lease owner was found: \(processOf)")
            let keptByStopped = leasedAfter.filter { stoppedOwners.contains($0.owner) }
            #expect(keptByStopped.isEmpty, "\(keptByStopped.count) deliveries still under the stopped process's lease after it exited")
            let heldBefore = leasedBefore.filter { stoppedOwners.contains($0.owner) }.count
            // Attempts made are recorded shortly after (a loaded machine writes them late).
            let statuses = try await group.waitUntilSettled(timeout: .seconds(30))
            #expect(statuses["in_flight"] == nil && statuses["pending"] == nil && statuses["failed"] == nil, "nothing left waiting or leased: \(statuses)")
            #expect(await group.stop().isEmpty, "every process stops within 30 s of SIGTERM")
            print("""
                [scenario sigterm] \(Self.messages) messages: SIGTERM after \(stopping - loadStarted) while it held \(heldBefore) deliveries; \
                exited in \(stopTook) with \(keptByStopped.count) left under its lease; every delivery made \(done - stopping) after the stop; \
                test \(ContinuousClock.now - started)
                """)
        }
    }
}
