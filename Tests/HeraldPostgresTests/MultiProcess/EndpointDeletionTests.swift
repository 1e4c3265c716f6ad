import HeraldTestSupport
import Testing

extension MultiProcessScenarios {
    /// An endpoint deleted through one process, while the others deliver to it.
    @Suite("An endpoint deleted through one process")
    struct EndpointDeletion {
        @Test("messages accepted through the other processes after the delete are not delivered to it; the other endpoints get theirs",
              .timeLimit(.minutes(5)))
        func deletedEverywhere() async throws {
            let started = ContinuousClock.now
            let database = try await TestPostgres.server().makeDatabase()
            let group = try await ProcessGroup.start(database: database, processes: 3, endpoints: 4)
            let others = Array(group.processes.dropFirst())
            // Every process has delivered to every endpoint: each holds its lanes, secrets and connections.
            let warm = await MessageLoad.post(count: 120, clients: 6, through: group.processes, app: group.app, keyPrefix: "warm") { $0 % 4 }
            #expect(warm.accepted.count == 120, "\(warm.answers)")
            let warmLedger = try await group.waitForDeliveries(of: Set(warm.accepted.map(\.key)), timeout: .seconds(60))
            #expect(Set(warm.accepted.map(\.key)).isSubset(of: warmLedger.keys))

            // The delete comes through the first process while the others accept and deliver to the endpoint.
            let during = MessageLoad.start(count: 600, clients: 6, through: others, app: group.app, keyPrefix: "during") { $0 % 4 }
            try await group.waitForRequests(warmLedger.requests.count + 40, timeout: .seconds(30))
            let deleted = try await group.processes[0].api.delete("/api/v1/apps/\(group.app)/endpoints/\(group.endpoints[0])")
            #expect(deleted.status == 204, "\(deleted.text)")
            for process in others {
                #expect(try await process.api.get("/api/v1/apps/\(group.app)/endpoints/\(group.endpoints[0])").status == 404, "gone for every process")
            }
            let duringPosted = await during.finish()
            #expect(duringPosted.unexpected.isEmpty && duringPosted.gaveUp.isEmpty, "\(duringPosted.unexpected.prefix(3)), \(duringPosted.answers)")

            // After the delete: through the other two processes, to every endpoint's event type.
            let after = await MessageLoad.post(count: 400, clients: 6, through: others, app: group.app, keyPrefix: "after") { $0 % 4 }
            #expect(after.accepted.count == 400, "\(after.answers)")
            let toOthers = Set(after.accepted.filter { $0.endpoint != 0 }.map(\.key))
            let ledger = try await group.waitForDeliveries(of: toOthers, timeout: .seconds(60))
            #expect(toOthers.isSubset(of: ledger.keys), "the endpoints left get every message: \(toOthers.subtracting(ledger.keys).count) missing")
            // Give a late delivery to the deleted endpoint time to show.
            try await Task.sleep(for: .seconds(3))
            let afterIDs = Set(after.accepted.map(\.id))
            let toDeleted = group.receiver.requests(ProcessGroup.path(0)).filter { afterIDs.contains($0.header("webhook-id") ?? "") }
            #expect(toDeleted.isEmpty, "\(toDeleted.count) messages accepted after the delete were delivered to the deleted endpoint")
            let duringToDeleted = group.receiver.requests(ProcessGroup.path(0)).count - warm.accepted.filter { $0.endpoint == 0 }.count
            #expect(await group.stop().isEmpty, "every process stops within 30 s of SIGTERM")
            print("""
                [scenario endpoint-delete] \(duringToDeleted) requests reached the endpoint while and after it was deleted, none of the \
                \(after.accepted.filter { $0.endpoint == 0 }.count) messages of its type accepted afterwards; test \(ContinuousClock.now - started)
                """)
        }
    }
}
