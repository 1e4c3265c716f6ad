import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "concurrency", name, body: body)
}

/// How many submissions the concurrent cases send at once.
private let concurrentSubmissions = 64

extension StoreConformance {
    /// `acceptMessage` called concurrently: every message stored once, and the unique keys (event
    /// id, idempotency key) holding under the race.
    static let concurrencyCases: [StoreConformanceCase] = [
        check("concurrent accepts are each stored exactly once, with their deliveries") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let second = try await tenant.addEndpoint(at: at(0))
            let messages = (1...concurrentSubmissions).map { Make.message(to: tenant.app.id, at: at(Int64($0))) }
            let outcomes = try await withThrowingTaskGroup(of: AcceptOutcome.self) { group in
                for message in messages {
                    group.addTask { try await store.acceptMessage(Make.submission(message), now: message.createdAt) }
                }
                return try await group.reduce(into: [AcceptOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 == .accepted(deliveries: 2) })
            #expect(try await store.allMessages(of: tenant.app.id) == messages.reversed())
            let claimed = try await store.claimAll(at: at(Int64(concurrentSubmissions)))
            let pairs = Set(claimed.map { "\($0.message.id) \($0.endpoint.id)" })
            #expect(claimed.count == 2 * concurrentSubmissions)
            #expect(pairs.count == claimed.count, "no delivery twice")
            #expect(Set(claimed.map(\.endpoint.id)) == [tenant.endpoint.id, second.id])
        },
        check("of concurrent submissions with one idempotency key, one is accepted and the others replay it") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let messages = (1...concurrentSubmissions).map { Make.message(to: tenant.app.id, at: at(Int64($0))) }
            let outcomes = try await withThrowingTaskGroup(of: (String, AcceptOutcome).self) { group in
                for message in messages {
                    group.addTask {
                        (message.id, try await store.acceptMessage(Make.submission(message, key: "key-1", requestHash: [7]), now: message.createdAt))
                    }
                }
                return try await group.reduce(into: [(String, AcceptOutcome)]()) { $0.append($1) }
            }
            let accepted = outcomes.filter { $0.1 == .accepted(deliveries: 1) }.map(\.0)
            #expect(accepted.count == 1)
            let winner = try #require(accepted.first)
            #expect(outcomes.filter { $0.1 == .idempotentReplay(first: .accepted(messageID: winner)) }.count == concurrentSubmissions - 1)
            #expect(try await store.allMessages(of: tenant.app.id).map(\.id) == [winner])
        },
        check("of concurrent messages with one event id, one is accepted and the others point to it") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let messages = (1...concurrentSubmissions).map { Make.message(to: tenant.app.id, at: at(Int64($0)), eventID: "evt-1") }
            let outcomes = try await withThrowingTaskGroup(of: (String, AcceptOutcome).self) { group in
                for message in messages {
                    group.addTask { (message.id, try await store.acceptMessage(Make.submission(message), now: message.createdAt)) }
                }
                return try await group.reduce(into: [(String, AcceptOutcome)]()) { $0.append($1) }
            }
            let accepted = outcomes.filter { $0.1 == .accepted(deliveries: 1) }.map(\.0)
            #expect(accepted.count == 1)
            let winner = try #require(accepted.first)
            #expect(outcomes.filter { $0.1 == .duplicateEventID(existingMessageID: winner) }.count == concurrentSubmissions - 1)
            #expect(try await store.allMessages(of: tenant.app.id).map(\.id) == [winner])
            #expect(try await store.claimAll(at: at(Int64(concurrentSubmissions))).map(\.message.id) == [winner])
        },
    ]
}
