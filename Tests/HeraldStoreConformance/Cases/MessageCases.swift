import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "messages", name, body: body)
}

extension StoreConformance {
    /// `acceptMessage` (storing, fan-out, event ids), `message(appID:id:)` and the filters of
    /// `listMessages` (idempotency is in ``idempotencyCases``, paging in ``paginationCases``).
    static let messageCases: [StoreConformanceCase] = [
        check("an accepted message reads back exactly, payload bytes included") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let payload = Array(#"{ "amount" : 12.50, "note":"caf\u00e9 ☕", "big": 1e400 ,"n":[1,2 ]}"#.utf8)
            let message = MessageRecord(id: newID(.message, at: at(1)), appID: tenant.app.id, eventType: "invoice.paid", eventID: "evt-1",
                                        version: "2025-01-01", payload: payload, createdAt: at(1))
            #expect(try await tenant.store.acceptMessage(Make.submission(message), now: at(1)) == .accepted(deliveries: 1))
            #expect(try await tenant.store.message(appID: tenant.app.id, id: message.id) == message)
        },
        check("a message is not found through another application, nor by an unknown id") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(0))
            let message = try await tenant.send(at: at(1))
            #expect(try await tenant.store.message(appID: other.id, id: message.id) == nil)
            #expect(try await tenant.store.message(appID: tenant.app.id, id: newID(.message, at: at(1))) == nil)
            #expect(try await tenant.store.allMessages(of: other.id).isEmpty)
        },
        check("a message gets one delivery per enabled endpoint of its application whose filter matches") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let matching = try await tenant.addEndpoint(at: at(0), eventTypes: ["invoice.paid"])
            let matchingAmongOthers = try await tenant.addEndpoint(at: at(0), eventTypes: ["customer.created", "invoice.paid"])
            _ = try await tenant.addEndpoint(at: at(0), eventTypes: ["customer.created"])
            _ = try await tenant.addEndpoint(at: at(0), disabled: true)
            let disabledLater = try await tenant.addEndpoint(at: at(0))
            try await tenant.setDisabled(true, disabledLater, at: at(0))
            let otherApp = try await store.addApplication(at: at(0))
            _ = try await store.addEndpoint(to: otherApp.id, at: at(0))

            let message = Make.message(to: tenant.app.id, at: at(1), eventType: "invoice.paid")
            #expect(try await store.acceptMessage(Make.submission(message), now: at(1)) == .accepted(deliveries: 3))
            let claimed = try await store.claimAll(at: at(1))
            #expect(Set(claimed.map(\.endpoint.id)) == [tenant.endpoint.id, matching.id, matchingAmongOthers.id])
            #expect(claimed.allSatisfy { $0.message == message })
        },
        check("a message to an application without endpoints is stored with no deliveries") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            let message = Make.message(to: app.id, at: at(1))
            #expect(try await store.acceptMessage(Make.submission(message), now: at(1)) == .accepted(deliveries: 0))
            #expect(try await store.message(appID: app.id, id: message.id) == message)
            #expect(try await store.nextDueTime() == nil)
        },
        check("deliveries are due at the acceptance's now") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = Make.message(to: tenant.app.id, at: at(1))
            _ = try await tenant.store.acceptMessage(Make.submission(message), now: at(7))
            #expect(try await tenant.store.nextDueTime() == at(7))
            #expect(try await tenant.store.claimAll(at: at(6)).isEmpty)
            #expect(try await tenant.store.claimAll(at: at(7)).count == 1)
        },
        check("an event id already used in the application answers with the first message and stores nothing") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let first = try await tenant.send(at: at(1), eventID: "evt-1")
            let second = Make.message(to: tenant.app.id, at: at(2), eventID: "evt-1")
            #expect(try await tenant.store.acceptMessage(Make.submission(second), now: at(2)) == .duplicateEventID(existingMessageID: first.id))
            #expect(try await tenant.store.message(appID: tenant.app.id, id: second.id) == nil)
            #expect(try await tenant.store.allMessages(of: tenant.app.id) == [first])
            #expect(try await tenant.store.claimAll(at: at(2)).map(\.message.id) == [first.id], "no second delivery")
        },
        check("the same event id in another application is a new message") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(0))
            try await tenant.send(at: at(1), eventID: "evt-1")
            let elsewhere = Make.message(to: other.id, at: at(2), eventID: "evt-1")
            #expect(try await tenant.store.acceptMessage(Make.submission(elsewhere), now: at(2)) == .accepted(deliveries: 0))
            #expect(try await tenant.store.message(appID: other.id, id: elsewhere.id) == elsewhere)
        },
        check("messages without an event id never clash") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let first = try await tenant.send(at: at(1))
            let second = try await tenant.send(at: at(2))
            #expect(try await tenant.store.allMessages(of: tenant.app.id) == [second, first])
        },
        check("listing filters by event type, and by creation strictly before and after a time") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let paid10 = try await tenant.send(at: at(10), eventType: "invoice.paid")
            let created20 = try await tenant.send(at: at(20), eventType: "customer.created")
            let paid30 = try await tenant.send(at: at(30), eventType: "invoice.paid")
            let paid40 = try await tenant.send(at: at(40), eventType: "invoice.paid")
            let store = tenant.store
            let app = tenant.app.id
            #expect(try await store.allMessages(of: app) == [paid40, paid30, created20, paid10])
            #expect(try await store.allMessages(of: app, filter: MessageFilter(eventType: "invoice.paid")) == [paid40, paid30, paid10])
            #expect(try await store.allMessages(of: app, filter: MessageFilter(before: at(30))) == [created20, paid10])
            #expect(try await store.allMessages(of: app, filter: MessageFilter(after: at(20))) == [paid40, paid30])
            #expect(try await store.allMessages(of: app, filter: MessageFilter(eventType: "invoice.paid", before: at(40), after: at(10))) == [paid30])
            #expect(try await store.allMessages(of: app, filter: MessageFilter(eventType: "invoice.voided")).isEmpty)
        },
    ]
}
