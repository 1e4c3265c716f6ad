import Foundation
import HeraldTestSupport
import Testing

/// The endpoint options `batch` and `timeoutMs`, through the API.
@Suite("Endpoint delivery options")
struct EndpointDeliveryOptionsTests {
    @Test("batch and timeoutMs are null by default, set on create, changed and removed by PATCH", arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let plain = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/plain"}"#)
            #expect(plain.status == 201, "\(plain.text)")
            #expect(plain.json["batch"] is NSNull)
            #expect(plain.json["timeoutMs"] is NSNull)

            let created = try await fixture.api.post("/api/v1/apps/\(app)/endpoints",
                                                     #"{"url":"https://example.com/hook","batch":{"maxEvents":100,"maxWaitMs":500},"timeoutMs":10000}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["batch"] as? [String: Int] == ["maxEvents": 100, "maxWaitMs": 500])
            #expect(created.json["timeoutMs"] as? Int == 10000)
            let id = try #require(created.json["id"] as? String)
            let read = try await fixture.api.get("/api/v1/apps/\(app)/endpoints/\(id)")
            #expect(read.json["batch"] as? [String: Int] == ["maxEvents": 100, "maxWaitMs": 500])
            #expect(read.json["timeoutMs"] as? Int == 10000)

            let untouched = try await fixture.api.patch("/api/v1/apps/\(app)/endpoints/\(id)", #"{"description":"x"}"#)
            #expect(untouched.json["batch"] as? [String: Int] == ["maxEvents": 100, "maxWaitMs": 500], "absent fields stay")
            #expect(untouched.json["timeoutMs"] as? Int == 10000)

            let edges = try await fixture.api.patch("/api/v1/apps/\(app)/endpoints/\(id)", #"{"batch":{"maxWaitMs":0,"maxEvents":1000},"timeoutMs":60000}"#)
            #expect(edges.status == 200, "\(edges.text)")
            #expect(edges.json["batch"] as? [String: Int] == ["maxEvents": 1000, "maxWaitMs": 0])
            #expect(edges.json["timeoutMs"] as? Int == 60000)

            let removed = try await fixture.api.patch("/api/v1/apps/\(app)/endpoints/\(id)", #"{"batch":null,"timeoutMs":null}"#)
            #expect(removed.status == 200, "\(removed.text)")
            #expect(removed.json["batch"] is NSNull)
            #expect(removed.json["timeoutMs"] is NSNull)
            let reread = try await fixture.api.get("/api/v1/apps/\(app)/endpoints/\(id)")
            #expect(reread.json["batch"] is NSNull)
            #expect(reread.json["timeoutMs"] is NSNull)
        }
    }

    @Test("wrong options are 422 validation_failed with a message that says what to fix", arguments: StoreBackend.allCases, [
        (#""batch":{"maxEvents":0,"maxWaitMs":0}"#, "batch.maxEvents must be a whole number from 1 to 1000"),
        (#""batch":{"maxEvents":1001,"maxWaitMs":0}"#, "batch.maxEvents must be a whole number from 1 to 1000"),
        (#""batch":{"maxEvents":1.5,"maxWaitMs":0}"#, "batch.maxEvents must be a whole number"),
        (#""batch":{"maxEvents":"10","maxWaitMs":0}"#, "batch.maxEvents must be a whole number"),
        (#""batch":{"maxEvents":10,"maxWaitMs":10001}"#, "batch.maxWaitMs must be a whole number from 0 to 10000"),
        (#""batch":{"maxEvents":10,"maxWaitMs":-1}"#, "batch.maxWaitMs must be a whole number from 0 to 10000"),
        (#""batch":{"maxEvents":10}"#, "batch needs both maxEvents"),
        (#""batch":{}"#, "batch needs both maxEvents"),
        (#""batch":{"maxEvents":null,"maxWaitMs":0}"#, "batch.maxEvents is required and may not be null"),
        (#""batch":{"maxEvents":10,"maxWaitMs":0,"maxBytes":5}"#, #"unknown field "maxBytes" in batch; batch takes maxEvents, maxWaitMs"#),
        (#""batch":10"#, "batch must be an object or null"),
        (#""batch":[]"#, "batch must be an object or null"),
        (#""timeoutMs":999"#, "timeoutMs must be a whole number of milliseconds from 1000 to 60000"),
        (#""timeoutMs":60001"#, "timeoutMs must be a whole number of milliseconds from 1000 to 60000"),
        (#""timeoutMs":"5s""#, "timeoutMs must be a whole number of milliseconds"),
        (#""timeoutMs":1500.5"#, "or null for the server's --request-timeout"),
    ])
    func invalid(backend: StoreBackend, _ example: (String, String)) async throws {
        let (field, message) = example
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let created = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h",\#(field)}"#)
            #expect(created.status == 422, "\(created.text)")
            #expect(created.json["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "validation_failed")
            #expect(created.errorMessage.contains(message), "\(created.errorMessage)")
            let ok = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h"}"#)
            let id = try #require(ok.json["id"] as? String)
            let patched = try await fixture.api.patch("/api/v1/apps/\(app)/endpoints/\(id)", "{\(field)}")
            #expect(patched.status == 422, "\(patched.text)")
            #expect(patched.errorMessage.contains(message), "\(patched.errorMessage)")
            #expect(try await fixture.api.get("/api/v1/apps/\(app)/endpoints/\(id)").json["batch"] is NSNull, "a refused PATCH changes nothing")
        }
    }

    @Test("an attempt sent on its own shows batchId null", arguments: StoreBackend.allCases)
    func unbatchedAttempt(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(on: backend) { setup in
            _ = try await setup.endpoint()
            let message = try await setup.send()
            let attempts = try await setup.attempts(message, atLeast: 1)
            #expect(attempts.first?.keys.contains("batchId") == true)
            #expect(attempts.first?["batchId"] is NSNull)
        }
    }
}
