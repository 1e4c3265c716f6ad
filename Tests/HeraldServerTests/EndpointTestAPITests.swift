import Foundation
import Herald
import HeraldJSON
import HeraldTestSupport
import Testing

/// `POST …/endpoints/{ep}/test`: an example event to one endpoint now, answered with its attempt.
@Suite("Endpoint test sends")
struct EndpointTestAPITests {
    @Test("an example built from the event type's schema reaches that endpoint alone, signed, and the answer carries the attempt",
          arguments: StoreBackend.allCases)
    func testSend(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(on: backend) { setup in
            let schema = #"{"type":"object","required":["id","total"],"properties":{"id":{"type":"string"},"total":{"type":"integer","minimum":1}}}"#
            let made = try await setup.api.post("/api/v1/event-types", #"{"name":"invoice.paid","schema":\#(schema)}"#)
            try #require(made.status == 201, "\(made.text)")
            let tested = try await setup.endpoint("/tested")
            _ = try await setup.endpoint("/other")
            let answer = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints/\(tested.id)/test", #"{"eventType":"invoice.paid"}"#)
            #expect(answer.status == 200, "\(answer.text)")
            let message = try #require(answer.json["message"] as? [String: Any])
            let attempt = try #require(answer.json["attempt"] as? [String: Any], "\(answer.text)")
            #expect(attempt["status"] as? String == "succeeded")
            #expect(attempt["responseStatusCode"] as? Int == 200)
            #expect((message["payload"] as? [String: Any])?["total"] as? Int == 1)
            let request = try #require(setup.receiver.requests("/tested").first)
            #expect(request.header("webhook-id") == message["id"] as? String)
            try WebhookVerifier(keys: [try VerificationKey(parsing: tested.secret)]).verify(body: request.body) { request.header($0) }
            #expect(request.bodyText.contains(#""type":"invoice.paid""#))
            try await Task.sleep(for: .milliseconds(300))
            #expect(setup.receiver.count("/other") == 0, "the other endpoint of the application got nothing")
        }
    }

    @Test("with no example of its own, the type's schema yields one that validates against it: bounds, patterns, formats, nested required members")
    func generatedExampleValidates() async throws {
        try await DeliveryFixture.run { setup in
            let schemaText = #"{"type":"object","required":["id","currency","amount","lines","at"],"additionalProperties":false,"properties":{"id":{"type":"string","pattern":"^[a-z]+_[0-9]+$"},"currency":{"type":"string","pattern":"^[A-Z]{3}$"},"amount":{"type":"number","exclusiveMinimum":0.5,"exclusiveMaximum":1},"lines":{"type":"array","minItems":2,"items":{"type":"object","required":["sku"],"properties":{"sku":{"type":"string","minLength":3,"maxLength":5}}}},"at":{"type":"string","format":"date-time"}}}"#
            let made = try await setup.api.post("/api/v1/event-types", #"{"name":"charge.made","schema":\#(schemaText)}"#)
            try #require(made.status == 201, "\(made.text)")
            let tested = try await setup.endpoint("/generated")
            let answer = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints/\(tested.id)/test", #"{"eventType":"charge.made"}"#)
            #expect(answer.status == 200, "\(answer.text)")
            let request = try #require(setup.receiver.requests("/generated").first)
            let envelope = try JSONParser.parse(request.body)
            let data = try #require(envelope[key: "data"], "\(request.bodyText)")
            let schema = try JSONSchema(JSONParser.parse(Array(schemaText.utf8)))
            #expect(schema.validate(data) == nil, "\(data.serialized()): \(String(describing: schema.validate(data)))")
            #expect(data[key: "test"] == Optional.none, "not the schema-less fallback")
        }
    }

    @Test("a failing endpoint's test answers the failed attempt; defaults and refusals")
    func failuresAndRefusals() async throws {
        try await DeliveryFixture.run { setup in
            setup.receiver.script("/broken", [.status(500)])
            let broken = try await setup.endpoint("/broken")
            let answer = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints/\(broken.id)/test", "")
            #expect(answer.status == 200, "\(answer.text)")
            let attempt = answer.json["attempt"] as? [String: Any]
            #expect(attempt?["status"] as? String == "failed")
            #expect(attempt?["responseStatusCode"] as? Int == 500)
            #expect((answer.json["message"] as? [String: Any])?["eventType"] as? String == "order.created", "the catalog's type by default")
            let unknown = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints/\(broken.id)/test", #"{"eventType":"no.such"}"#)
            #expect(unknown.status == 422)
            #expect(unknown.errorMessage.contains("no.such"))
            #expect(try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints/ep_missing/test", "{}").status == 404)
            _ = try await setup.api.patch("/api/v1/apps/\(setup.app)/endpoints/\(broken.id)", #"{"disabled":true}"#)
            let disabled = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints/\(broken.id)/test", "{}")
            #expect(disabled.status == 409, "\(disabled.text)")
        }
    }
}
