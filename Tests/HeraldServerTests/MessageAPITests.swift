import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Messages API")
struct MessageAPITests {
    @Test("a message is accepted with 202 and its payload kept byte for byte", arguments: StoreBackend.allCases)
    func verbatimPayload(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created", version: "2024-01")
            let payload = #"{ "total" : 10.50, "items":[1,2 ,3], "note":"caf\u00e9 ☕" }"#
            let answer = try await fixture.send(app: app, type: "order.created", payload: payload)
            #expect(answer.status == 202, "\(answer.text)")
            #expect(answer.text.contains(#""payload":"# + payload))
            #expect(answer.json["version"] as? String == "2024-01")
            let id = try #require(answer.json["id"] as? String)
            let read = try await fixture.api.get("/api/v1/apps/\(app)/messages/\(id)")
            #expect(read.text == answer.text)
            let stored = try #require(try await fixture.store.message(appID: app, id: id))
            #expect(stored.payload == Array(payload.utf8))
        }
    }

    @Test("one delivery per enabled endpoint whose filter matches", arguments: StoreBackend.allCases)
    func fanOut(backend: StoreBackend) async throws {
        // API only: no dispatcher takes the deliveries before the test claims them.
        try await InProcessServer.run(["--role", "api"], on: backend) { fixture in
            let app = try await fixture.app()
            let other = try await fixture.app("Other")
            try await fixture.eventType("order.created")
            try await fixture.eventType("order.paid")
            let everything = try await fixture.endpoint(app: app)
            let createdOnly = try await fixture.endpoint(app: app, eventTypes: ["order.created"])
            let paidOnly = try await fixture.endpoint(app: app, eventTypes: ["order.paid"])
            let disabled = try await fixture.endpoint(app: app, disabled: true)
            try await fixture.endpoint(app: other)
            let created = try #require(try await fixture.send(app: app, type: "order.created").json["id"] as? String)
            let paid = try #require(try await fixture.send(app: app, type: "order.paid").json["id"] as? String)
            let deliveries = try await Self.claimAll(fixture.store)
            #expect(deliveries == [created: [everything, createdOnly], paid: [everything, paidOnly]])
            // A delivery made for the disabled endpoint would be claimable once it is enabled.
            #expect(try await fixture.api.patch("/api/v1/apps/\(app)/endpoints/\(disabled)", #"{"disabled":false}"#).status == 200)
            #expect(try await Self.claimAll(fixture.store) == [:], "no delivery for the disabled endpoint")
        }
    }

    /// Claims every waiting delivery through the store (whichever backend), as message id →
    /// endpoint ids: an hour ahead, when all of them are due.
    private static func claimAll(_ store: any HeraldStore) async throws -> [String: Set<String>] {
        let later = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
        let claimed = try await store.claimDueDeliveries(now: later, limit: 1000, leaseUntil: later + 3_600_000, excludingEndpoints: [])
        return Dictionary(grouping: claimed, by: \.message.id).mapValues { Set($0.map(\.endpoint.id)) }
    }

    @Test("a repeated eventId is a 409 carrying the first message's id", arguments: StoreBackend.allCases)
    func duplicateEventID(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let other = try await fixture.app("B")
            try await fixture.eventType("order.created")
            let first = try await fixture.send(app: app, type: "order.created", eventID: "evt-1")
            let again = try await fixture.send(app: app, type: "order.created", payload: #"{"b":2}"#, eventID: "evt-1")
            #expect(again.status == 409)
            #expect(again.errorCode == "duplicate_event_id")
            #expect(((again.json["error"] as? [String: Any])?["messageId"] as? String) == first.json["id"] as? String)
            #expect(try await fixture.send(app: other, type: "order.created", eventID: "evt-1").status == 202, "event ids are unique per application")
        }
    }

    @Test("Idempotency-Key: the same body gets the first answer, another body a 422", arguments: StoreBackend.allCases)
    func idempotency(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created")
            let first = try await fixture.send(app: app, type: "order.created", idempotencyKey: "key-1")
            let replay = try await fixture.send(app: app, type: "order.created", idempotencyKey: "key-1")
            #expect(first.status == 202)
            #expect(replay.status == 202)
            #expect(replay.text == first.text)
            let list = try await fixture.api.get("/api/v1/apps/\(app)/messages")
            #expect((list.json["data"] as? [Any])?.count == 1)
            let reused = try await fixture.send(app: app, type: "order.created", payload: #"{"a":2}"#, idempotencyKey: "key-1")
            #expect(reused.status == 422)
            #expect(reused.errorCode == "idempotency_key_reused")
            // A 409 is remembered too.
            _ = try await fixture.send(app: app, type: "order.created", eventID: "e", idempotencyKey: "key-2")
            let conflict = try await fixture.send(app: app, type: "order.created", eventID: "e", idempotencyKey: "key-3")
            let conflictReplay = try await fixture.send(app: app, type: "order.created", eventID: "e", idempotencyKey: "key-3")
            #expect(conflict.status == 409)
            #expect(conflictReplay.status == 409)
            #expect(conflictReplay.text == conflict.text)
        }
    }

    @Test("concurrent requests with one Idempotency-Key store one message", arguments: StoreBackend.allCases)
    func concurrentIdempotency(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created")
            let answers = try await withThrowingTaskGroup(of: APIClient.Answer.self) { group in
                for _ in 0..<16 { group.addTask { try await fixture.send(app: app, type: "order.created", idempotencyKey: "same") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 202 })
            #expect(Set(answers.map(\.text)).count == 1)
        }
    }

    @Test("payloads are checked against the event type's schema, naming the JSON pointer", arguments: StoreBackend.allCases)
    func schemaValidation(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created", schema: #"{"type":"object","required":["id","items"],"properties":{"id":{"type":"string"},"items":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"integer","minimum":1}}}}}}"#)
            #expect(try await fixture.send(app: app, type: "order.created", payload: #"{"id":"o1","items":[{"qty":2}]}"#).status == 202)
            let bad = try await fixture.send(app: app, type: "order.created", payload: #"{"id":"o1","items":[{"qty":2},{"qty":0}]}"#)
            #expect(bad.status == 422)
            #expect(bad.errorMessage.contains("/items/1/qty"), "\(bad.errorMessage)")
            let missing = try await fixture.send(app: app, type: "order.created", payload: #"{"items":[]}"#)
            #expect(missing.errorMessage.contains("/id"))
        }
    }

    @Test("bad message fields are 422s naming the field", arguments: StoreBackend.allCases, [
        (#"{"payload":{}}"#, "eventType"),
        (#"{"eventType":"no.such","payload":{}}"#, "eventType"),
        (#"{"eventType":"order.created"}"#, "payload"),
        (#"{"eventType":"order.created","payload":[1]}"#, "payload"),
        (#"{"eventType":"order.created","payload":"x"}"#, "payload"),
        (#"{"eventType":"order.created","payload":{},"eventId":""}"#, "eventId"),
        (#"{"eventType":"order.created","payload":{},"eventId":7}"#, "eventId"),
    ])
    func invalid(backend: StoreBackend, _ example: (String, String)) async throws {
        let (body, field) = example
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created")
            let answer = try await fixture.api.post("/api/v1/apps/\(app)/messages", body)
            #expect(answer.status == 422, "\(answer.text)")
            #expect(answer.errorMessage.contains(field), "\(answer.errorMessage)")
        }
    }

    @Test("lists filter by event type and time, newest first, with cursors", arguments: StoreBackend.allCases)
    func listing(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("a.created")
            try await fixture.eventType("b.created")
            var ids = [String]()
            for index in 0..<6 {
                let answer = try await fixture.send(app: app, type: index.isMultiple(of: 2) ? "a.created" : "b.created")
                ids.append(try #require(answer.json["id"] as? String))
            }
            let onlyA = try await fixture.api.get("/api/v1/apps/\(app)/messages?eventType=a.created")
            #expect((onlyA.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[4], ids[2], ids[0]])
            let firstPage = try await fixture.api.get("/api/v1/apps/\(app)/messages?limit=4")
            let cursor = try #require(firstPage.json["nextCursor"] as? String)
            let secondPage = try await fixture.api.get("/api/v1/apps/\(app)/messages?limit=4&cursor=\(cursor)")
            #expect((secondPage.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[1], ids[0]])
            let future = RFC3339Text.now(plusSeconds: 3600)
            #expect((try await fixture.api.get("/api/v1/apps/\(app)/messages?after=\(future)").json["data"] as? [Any])?.count == 0)
            #expect((try await fixture.api.get("/api/v1/apps/\(app)/messages?before=\(future)").json["data"] as? [Any])?.count == 6)
            #expect(try await fixture.api.get("/api/v1/apps/\(app)/messages?before=yesterday").status == 422)
        }
    }
}

enum RFC3339Text {
    static func now(plusSeconds seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }
}
