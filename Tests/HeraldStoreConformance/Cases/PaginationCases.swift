import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "pagination", name, body: body)
}

/// Page sizes every list is read with: one at a time, pages that do not divide the list, pages
/// that end exactly at its last item, and one page for all.
private let pageSizes = [1, 2, 3, 7, 250]

extension StoreConformance {
    /// `PageRequest` and `Page` for every list: `listApplications`, `listEventTypes`,
    /// `listEndpoints`, `listMessages`, `listAttempts`.
    static let paginationCases: [StoreConformanceCase] = [
        check("applications page newest first, every one once") { makeStore in
            let store = try await makeStore()
            var apps = [ApplicationRecord]()
            for second in Int64(0)..<7 { apps.append(try await store.addApplication(at: at(second))) }
            for limit in pageSizes {
                try await expectPaged(limit: limit, expected: apps.reversed().map(\.id), id: \.id) { try await store.listApplications($0) }
            }
        },
        check("event types page newest first, every one once") { makeStore in
            let store = try await makeStore()
            let names = (0..<7).map { "type.\($0)" }
            for (index, name) in names.enumerated() { try await store.createEventType(Make.eventType(name, at: at(Int64(index)))) }
            for limit in pageSizes {
                try await expectPaged(limit: limit, expected: names.reversed(), id: \.name) { try await store.listEventTypes($0) }
            }
        },
        check("an application's endpoints page newest first, every one once, and no other's") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            let other = try await store.addApplication(at: at(0))
            var endpoints = [EndpointRecord]()
            for second in Int64(1)...7 {
                endpoints.append(try await store.addEndpoint(to: app.id, at: at(second)))
                _ = try await store.addEndpoint(to: other.id, at: at(second))
            }
            for limit in pageSizes {
                try await expectPaged(limit: limit, expected: endpoints.reversed().map(\.id), id: \.id) { try await store.listEndpoints(appID: app.id, $0) }
            }
        },
        check("an application's messages page newest first, every one once, and no other's, also filtered") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            let other = try await store.addApplication(at: at(0))
            var messages = [MessageRecord]()
            for second in Int64(1)...14 {
                messages.append(try await store.send(to: app.id, at: at(second), eventType: second.isMultiple(of: 2) ? "invoice.paid" : "invoice.voided"))
                try await store.send(to: other.id, at: at(second))
            }
            let paid = messages.filter { $0.eventType == "invoice.paid" }
            for limit in pageSizes {
                try await expectPaged(limit: limit, expected: messages.reversed().map(\.id), id: \.id) {
                    try await store.listMessages(appID: app.id, filter: MessageFilter(), $0)
                }
                try await expectPaged(limit: limit, expected: paid.reversed().map(\.id), id: \.id) {
                    try await store.listMessages(appID: app.id, filter: MessageFilter(eventType: "invoice.paid"), $0)
                }
            }
        },
        check("attempts page newest first, every one once, for a message and for an endpoint") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let message = try await tenant.send(at: at(1))
            var attempts = [AttemptRecord]()
            for second in Int64(1)...7 {
                let claimed = try await store.claim(1, at: at(second * 10))
                let outcome = claimed[0].failed(at: at(second * 10), retryAt: at((second + 1) * 10))
                try await store.record(outcome)
                attempts.append(outcome.attempt)
            }
            for limit in pageSizes {
                try await expectPaged(limit: limit, expected: attempts.reversed().map(\.id), id: \.id) {
                    try await store.listAttempts(appID: tenant.app.id, messageID: message.id, endpointID: nil, filter: AttemptFilter(), $0)
                }
                try await expectPaged(limit: limit, expected: attempts.reversed().map(\.id), id: \.id) {
                    try await store.listAttempts(appID: tenant.app.id, messageID: nil, endpointID: tenant.endpoint.id, filter: AttemptFilter(), $0)
                }
            }
        },
        check("a page continues after its key even when newer items arrived and listed ones went") { makeStore in
            let store = try await makeStore()
            var apps = [ApplicationRecord]()
            for second in Int64(0)..<6 { apps.append(try await store.addApplication(at: at(second))) }
            let first = try await store.listApplications(PageRequest(limit: 3, after: nil))
            #expect(first.items.map(\.id) == [apps[5], apps[4], apps[3]].map(\.id))
            _ = try await store.addApplication(at: at(10))
            #expect(try await store.deleteApplication(id: apps[3].id), "the item whose key continues the list")
            let second = try await store.listApplications(PageRequest(limit: 3, after: first.nextAfter))
            #expect(second.items.map(\.id) == [apps[2], apps[1], apps[0]].map(\.id))
            #expect(second.nextAfter == nil)
        },
        check("a page of messages continues after its key when newer messages arrived") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            var messages = [MessageRecord]()
            for second in Int64(1)...4 { messages.append(try await tenant.send(at: at(second))) }
            let first = try await tenant.store.listMessages(appID: tenant.app.id, filter: MessageFilter(), PageRequest(limit: 2, after: nil))
            try await tenant.send(at: at(5))
            let second = try await tenant.store.listMessages(appID: tenant.app.id, filter: MessageFilter(), PageRequest(limit: 2, after: first.nextAfter))
            #expect((first.items + second.items).map(\.id) == messages.reversed().map(\.id))
            #expect(second.nextAfter == nil)
        },
        check("a page after the last item is empty and has no key") { makeStore in
            let store = try await makeStore()
            var apps = [ApplicationRecord]()
            for second in Int64(0)..<3 { apps.append(try await store.addApplication(at: at(second))) }
            for (index, name) in ["type.0", "type.1", "type.2"].enumerated() { try await store.createEventType(Make.eventType(name, at: at(Int64(index)))) }
            let firstApps = try await store.listApplications(PageRequest(limit: 2, after: nil))
            let firstTypes = try await store.listEventTypes(PageRequest(limit: 2, after: nil))
            // Deleting the last item leaves the key of the page before it past the end.
            #expect(try await store.deleteApplication(id: apps[0].id))
            #expect(try await store.deleteEventType(name: "type.0"))
            let appsPastEnd = try await store.listApplications(PageRequest(limit: 2, after: firstApps.nextAfter))
            let typesPastEnd = try await store.listEventTypes(PageRequest(limit: 2, after: firstTypes.nextAfter))
            #expect(appsPastEnd.items.isEmpty)
            #expect(appsPastEnd.nextAfter == nil)
            #expect(typesPastEnd.items.isEmpty)
            #expect(typesPastEnd.nextAfter == nil)
        },
        check("empty lists are one empty page without a key") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            let first = PageRequest(limit: 10, after: nil)
            let endpoints = try await store.listEndpoints(appID: app.id, first)
            let messages = try await store.listMessages(appID: app.id, filter: MessageFilter(), first)
            let attempts = try await store.listAttempts(appID: app.id, messageID: nil, endpointID: newID(.endpoint, at: at(0)), filter: AttemptFilter(), first)
            let eventTypes = try await store.listEventTypes(first)
            #expect(endpoints.items.isEmpty && endpoints.nextAfter == nil)
            #expect(messages.items.isEmpty && messages.nextAfter == nil)
            #expect(attempts.items.isEmpty && attempts.nextAfter == nil)
            #expect(eventTypes.items.isEmpty && eventTypes.nextAfter == nil)
        },
    ]
}
