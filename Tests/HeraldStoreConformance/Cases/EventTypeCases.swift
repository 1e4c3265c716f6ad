import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "event types", name, body: body)
}

extension StoreConformance {
    /// `createEventType`, `eventType(name:)`, `updateEventType`, `deleteEventType` (conflicts and
    /// `notFound` are in ``errorCases``, lists in ``paginationCases``).
    static let eventTypeCases: [StoreConformanceCase] = [
        check("a created event type reads back by name with every field") { makeStore in
            let store = try await makeStore()
            let full = EventTypeRecord(name: "invoice.paid", description: "An invoice was paid in full.",
                                       schema: #"{"type":"object","required":["invoice"]}"#, deprecated: true, version: "2025-01-01",
                                       createdAt: at(0), updatedAt: at(1))
            let bare = Make.eventType("customer.created", at: at(2))
            try await store.createEventType(full)
            try await store.createEventType(bare)
            #expect(try await store.eventType(name: "invoice.paid") == full)
            #expect(try await store.eventType(name: "customer.created") == bare)
        },
        check("an unknown name reads as nil") { makeStore in
            let store = try await makeStore()
            try await store.createEventType(Make.eventType("invoice.paid", at: at(0)))
            #expect(try await store.eventType(name: "invoice.voided") == nil)
        },
        check("an update replaces description, schema, deprecation, version and updatedAt, and keeps createdAt") { makeStore in
            let store = try await makeStore()
            let original = Make.eventType("invoice.paid", at: at(0))
            try await store.createEventType(original)
            var changed = original
            changed.description = "Paid."
            changed.schema = #"{"type":"object"}"#
            changed.deprecated = true
            changed.version = "2"
            changed.updatedAt = at(5)
            var sent = changed
            sent.createdAt = at(9)
            try await store.updateEventType(sent)
            #expect(try await store.eventType(name: "invoice.paid") == changed)
            changed.schema = nil
            changed.version = nil
            changed.deprecated = false
            changed.updatedAt = at(6)
            try await store.updateEventType(changed)
            #expect(try await store.eventType(name: "invoice.paid") == changed, "schema and version can be removed again")
        },
        check("a deleted event type is gone, deleting it again answers false, and messages keep its name") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            try await store.createEventType(Make.eventType("invoice.paid", at: at(0)))
            try await store.createEventType(Make.eventType("invoice.voided", at: at(0)))
            let message = try await tenant.send(at: at(1), eventType: "invoice.paid")
            #expect(try await store.deleteEventType(name: "invoice.paid"))
            #expect(try await store.eventType(name: "invoice.paid") == nil)
            #expect(try await store.deleteEventType(name: "invoice.paid") == false)
            #expect(try await store.eventType(name: "invoice.voided") != nil)
            #expect(try await store.message(appID: tenant.app.id, id: message.id)?.eventType == "invoice.paid")
        },
    ]
}
