import Foundation
import Herald
import HeraldTestSupport
import Testing

extension MultiProcessScenarios {
    /// Two `herald serve` processes on one PostgreSQL database: a change acknowledged by one applies
    /// in the other to every message it accepts afterwards, however warm its caches are.
    @Suite("Changes across processes")
    struct CrossProcessChangeTests {
        @Test("event type schema and deletion, endpoint URL, secret rotation and disabling, each made through one process, hold at once in the other")
        func changesApplyEverywhere() async throws {
            let url = try await TestPostgres.server().makeDatabase()
            let receiver = try await TestReceiver.start()
            defer { Task { try? await receiver.stop() } }
            let flags = ["--database", url, "--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1s"]
            let a = try await ServerProcess.start(arguments: flags)
            let b = try await ServerProcess.start(arguments: flags)
            defer { Task { await a.kill(); await b.kill() } }

            let app = try await a.app()
            try await a.eventType("order.created")
            let created = try await a.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/one"))"}"#)
            let endpoint = try #require(created.json["id"] as? String)
            let witness = try await a.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/witness"))"}"#)
            try #require(witness.status == 201)

            // B's caches are warm: it has accepted and delivered with the application, the type and the endpoint.
            #expect(try await b.send(app: app, type: "order.created", payload: #"{"n":0}"#).status == 202)
            _ = try await receiver.waitFor(count: 1, path: "/one", timeout: .seconds(15))

            // A schema added through A refuses, through B, a payload sent right after.
            let schema = try await a.api.patch("/api/v1/event-types/order.created", #"{"schema":{"type":"object","required":["x"]}}"#)
            try #require(schema.status == 200, "\(schema.text)")
            let refused = try await b.send(app: app, type: "order.created", payload: #"{"n":1}"#)
            #expect(refused.status == 422, "the new schema holds in B at once: \(refused.text)")

            // A new URL set through A: B's next message goes there.
            let moved = try await a.api.patch("/api/v1/apps/\(app)/endpoints/\(endpoint)", #"{"url":"\#(receiver.url("/two"))"}"#)
            try #require(moved.status == 200, "\(moved.text)")
            let afterMove = try await b.send(app: app, type: "order.created", payload: #"{"x":2}"#)
            try #require(afterMove.status == 202)
            let arrived = try await receiver.waitFor(count: 1, path: "/two", timeout: .seconds(15))
            #expect(arrived.first?.header("webhook-id") == afterMove.json["id"] as? String)

            // A secret rotated through A: B signs the next message with the new secret.
            let rotated = try await a.api.post("/api/v1/apps/\(app)/endpoints/\(endpoint)/secret/rotate", "{}")
            try #require(rotated.status == 200 || rotated.status == 201, "\(rotated.text)")
            let newSecret = try #require(try await a.api.get("/api/v1/apps/\(app)/endpoints/\(endpoint)/secret").json["key"] as? String)
            let afterRotation = try await b.send(app: app, type: "order.created", payload: #"{"x":3}"#)
            let signed = try await receiver.waitFor(count: 2, path: "/two", timeout: .seconds(15))
            let request = try #require(signed.first { $0.header("webhook-id") == afterRotation.json["id"] as? String })
            let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: newSecret)])
            #expect(throws: Never.self, "signed with the secret A made") { try verifier.verify(body: request.body) { request.header($0) } }

            // Disabled through A: B's next message is not delivered to it (the witness gets it).
            let disabled = try await a.api.patch("/api/v1/apps/\(app)/endpoints/\(endpoint)", #"{"disabled":true}"#)
            try #require(disabled.status == 200, "\(disabled.text)")
            let afterDisable = try await b.send(app: app, type: "order.created", payload: #"{"x":4}"#)
            let witnessed = try await receiver.waitFor(count: 4, path: "/witness", timeout: .seconds(15))
            #expect(witnessed.contains { $0.header("webhook-id") == afterDisable.json["id"] as? String })
            try await Task.sleep(for: .milliseconds(500))
            #expect(!receiver.requests("/two").contains { $0.header("webhook-id") == afterDisable.json["id"] as? String }, "not delivered to the disabled endpoint")

            // Deleted through A: B refuses the type at once.
            #expect(try await a.api.delete("/api/v1/event-types/order.created").status == 204)
            let unknown = try await b.send(app: app, type: "order.created", payload: #"{"x":5}"#)
            #expect(unknown.status == 422, "the deleted type is gone in B at once: \(unknown.text)")
        }
    }
}
