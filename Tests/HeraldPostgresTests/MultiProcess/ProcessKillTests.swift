import Foundation
import HeraldTestSupport
import Testing

extension MultiProcessScenarios {
    /// One of three processes dies outright mid-run.
    @Suite("kill -9 of one process")
    struct ProcessKill {
        static let messages = ScenarioScale.messages(slow: 20_000, quick: 3_000)
        /// Short claims, so that the survivors take the dead process's deliveries back soon.
        static let lease = 20

        @Test("the survivors make every delivery once the dead process's leases run out; only deliveries it held are made twice",
              .timeLimit(.minutes(15)))
        func survivorsTakeOver() async throws {
            let started = ContinuousClock.now
            let database = try await TestPostgres.server().makeDatabase()
            let group = try await ProcessGroup.start(database: database, processes: 3, endpoints: 20,
                                                     arguments: ["--lease-duration", "\(Self.lease)s", "--request-timeout", "10s"])
            let connections = ConnectionOwners.start(processes: group.processIdentifiers, remotePort: group.receiver.port)
            let leaseOwners = LeaseOwners.start(group: group)
            let victim = group.processes[1]

            let loadStarted = ContinuousClock.now
            let load = MessageLoad.start(count: Self.messages, clients: 12, through: group.processes, app: group.app) { $0 % 20 }
            // Mid-run: once about a third of the deliveries were made.
            let reached = try await group.waitForRequests(Self.messages / 3, timeout: .seconds(300))
            #expect(reached >= Self.messages / 3, "the load got going")
            load.takeOut(1)
            // Stopped first, so that what it holds can be read before it dies and cannot change meanwhile.
            progress("kill-9: \(reached) requests received; stopping process \(victim.processIdentifier)")
            kill(victim.processIdentifier, SIGSTOP)
            let leasedAtKill = try await DeliveryTable.leased(database, endpoints: group.endpoints)
            leaseOwners.add(leasedAtKill)
            progress("kill-9: \(leasedAtKill.count) leased; killing")
            await victim.kill()
            let killedAt = ContinuousClock.now
            progress("kill-9: killed")

            let posted = await load.finish()
            progress("kill-9: posting done: \(posted.answers)")
            #expect(posted.unexpected.isEmpty, "\(posted.unexpected.prefix(5))")
            #expect(posted.gaveUp.isEmpty, "every message was accepted by some process: gave up on \(posted.gaveUp.count), \(posted.answers)")
            let expected = Set(posted.accepted.map(\.key))
            let ledger = try await group.waitForDeliveries(of: expected, timeout: .seconds(ScenarioScale.isSlow ? 600 : 240))
            let recovered = ContinuousClock.now
            try await Task.sleep(for: .seconds(1))
            await connections.stop()
            await leaseOwners.stop()
            let final = DeliveryLedger(group.receiver.requests())

            let missing = expected.subtracting(ledger.keys)
            #expect(missing.isEmpty, "\(missing.count) of \(expected.count) accepted deliveries never made, e.g. \(missing.prefix(3))")
            let processOf = leaseOwners.processes(final, connections: connections)
            let victimOwners = Set(processOf.filter { $0.value == victim.processIdentifier }.keys)
            #expect(victimOwners.count == 1, "the killed process's lease owner was found: \(processOf)")
            let heldByVictim = Set(leasedAtKill.filter { victimOwners.contains($0.owner) }.map(\.key))
            let duplicated = Set(final.duplicated)
            #expect(duplicated.isSubset(of: heldByVictim),
                    "\(duplicated.subtracting(heldByVictim).count) deliveries made twice that the killed process did not hold, e.g. \(duplicated.subtracting(heldByVictim).prefix(3))")
            #expect(final.extraRequests <= heldByVictim.count, "\(final.extraRequests) repeated requests, \(heldByVictim.count) deliveries held by the killed process")
            // Each repeat is the survivors' one attempt after the killed process's: never two survivors' attempts.
            let victimSent = Set(final.requests.filter { connections.owner(ofClientPort: $0.remotePort) == victim.processIdentifier }.map(DeliveryLedger.key))
            for key in duplicated {
                #expect(final.counts[key] == 2 && victimSent.contains(key), "\(key) was sent \(final.counts[key] ?? 0) times, by the killed process: \(victimSent.contains(key))")
            }
            let settling = ContinuousClock.now
            let statuses = try await group.waitUntilSettled(timeout: .seconds(Self.lease * 3))
            progress("kill-9: settled in \(ContinuousClock.now - settling): \(statuses); \(group.complaints.count) complaints: \(group.complaints.prefix(10))")
            #expect(statuses["in_flight"] == nil && statuses["pending"] == nil && statuses["failed"] == nil, "nothing left waiting or leased: \(statuses)")
            #expect(await group.stop().isEmpty, "every process stops within 30 s of SIGTERM")
            print("""
                [scenario kill-9] \(Self.messages) messages, lease \(Self.lease)s: killed after \(killedAt - loadStarted) with \(heldByVictim.count) deliveries \
                under its lease (\(leasedAtKill.count) leased in all); every delivery made \(recovered - killedAt) after the kill; \
                \(duplicated.count) made twice, \(final.extraRequests) extra requests; test \(ContinuousClock.now - started)
                """)
        }
    }
}
