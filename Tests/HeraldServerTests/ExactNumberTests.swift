import HeraldAPI
import HeraldClient
import HeraldJSON
import HeraldTestSupport
import Testing

/// Numbers in schemas keep the exact text they were sent with, through the store, the API's
/// answers and the Swift client; and payloads are checked against them exactly.
@Suite("Exact numbers")
struct ExactNumberTests {
    /// 2^53 + 1 (no Double holds it), 43 significant digits (more than Decimal holds), and a
    /// number beyond the Double range.
    static let schema = #"{"type":"object","properties":{"n":{"type":"integer","maximum":9007199254740993},"# +
        #""f":{"type":"number","exclusiveMinimum":0.1000000000000000000000000000000000000000001},"big":{"maximum":1e400}}}"#

    @Test("a stored schema comes back with its numbers as sent, from every route that shows it", arguments: StoreBackend.allCases)
    func schemaRoundTrip(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let created = try await fixture.api.post("/api/v1/event-types", #"{"name":"order.created","schema":\#(Self.schema)}"#)
            #expect(created.status == 201, "\(created.text)")
            for answer in [created, try await fixture.api.get("/api/v1/event-types/order.created"), try await fixture.api.get("/api/v1/event-types")] {
                #expect(answer.text.contains(#""maximum":9007199254740993"#), "\(answer.text)")
                #expect(answer.text.contains("0.1000000000000000000000000000000000000000001"), "\(answer.text)")
                #expect(answer.text.contains(#""maximum":1e400"#), "\(answer.text)")
            }
            let patched = try await fixture.api.patch("/api/v1/event-types/order.created", #"{"description":"d"}"#)
            #expect(patched.text.contains("9007199254740993"))
        }
    }

    @Test("the Swift client reads those numbers exactly", arguments: StoreBackend.allCases)
    func clientRoundTrip(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let schema = try AnyJSON(parsing: Array(Self.schema.utf8))
            let read = try await HeraldClient.withDedicatedHTTPClient(baseURL: fixture.baseURL, token: fixture.token) { client in
                _ = try await client.createEventType(EventTypeIn(name: "order.created", schema: .object(["maximum": .number(JSONNumber(9_007_199_254_740_993))])))
                try await fixture.eventType("order.paid", schema: Self.schema)
                return (try await client.eventType("order.created"), try await client.eventType("order.paid"))
            }
            #expect(read.0.schema?["maximum"] == .number(JSONNumber(9_007_199_254_740_993)))
            #expect(read.1.schema == schema)
            guard case .number(let long)? = read.1.schema?["properties"]?["f"]?["exclusiveMinimum"] else {
                Issue.record("no exclusiveMinimum in \(String(describing: read.1.schema))")
                return
            }
            #expect(long.text == "0.1000000000000000000000000000000000000000001")
        }
    }

    @Test("a payload is checked against the schema's exact bounds", arguments: StoreBackend.allCases)
    func exactValidation(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created", schema: Self.schema)
            #expect(try await fixture.send(app: app, type: "order.created", payload: #"{"n":9007199254740993}"#).status == 202)
            let over = try await fixture.send(app: app, type: "order.created", payload: #"{"n":9007199254740994}"#)
            #expect(over.status == 422, "one more than the maximum, though both are the same Double")
            #expect(over.errorMessage.contains("/n"))
        }
    }
}
