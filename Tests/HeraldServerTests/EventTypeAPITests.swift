import Foundation
import HeraldTestSupport
import Testing

@Suite("Event catalog API")
struct EventTypeAPITests {
    @Test("create, read, update, deprecate, delete", arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let created = try await fixture.api.post("/api/v1/event-types", #"{"name":"order.created","description":"An order was placed","version":"2024-01","schema":{"type":"object","required":["id"]}}"#)
            #expect(created.status == 201)
            #expect(created.json["version"] as? String == "2024-01")
            #expect((created.json["schema"] as? [String: Any])?["type"] as? String == "object")
            let patched = try await fixture.api.patch("/api/v1/event-types/order.created", #"{"deprecated":true,"schema":null}"#)
            #expect(patched.json["deprecated"] as? Bool == true)
            #expect(patched.json["schema"] is NSNull)
            #expect(try await fixture.api.get("/api/v1/event-types/order.created").json["description"] as? String == "An order was placed")
            #expect(try await fixture.api.delete("/api/v1/event-types/order.created").status == 204)
            #expect(try await fixture.api.get("/api/v1/event-types/order.created").status == 404)
            #expect(try await fixture.api.delete("/api/v1/event-types/order.created").status == 404)
        }
    }

    @Test("names must be resource.action words",
          arguments: StoreBackend.allCases, ["order..created", ".order", "order.", "order created", "ordér.created", "order-created", ""])
    func invalidNames(backend: StoreBackend, _ name: String) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let answer = try await fixture.api.post("/api/v1/event-types", #"{"name":"\#(name)"}"#)
            #expect(answer.status == 422)
            #expect(answer.errorMessage.contains("name"))
        }
    }

    @Test("a duplicate name is a 409; an unusable schema is a 422 naming its pointer", arguments: StoreBackend.allCases)
    func conflictsAndSchemas(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            try await fixture.eventType("user.updated")
            #expect(try await fixture.api.post("/api/v1/event-types", #"{"name":"user.updated"}"#).status == 409)
            let badSchema = try await fixture.api.post("/api/v1/event-types", #"{"name":"user.deleted","schema":{"properties":{"age":{"minimum":"ten"}}}}"#)
            #expect(badSchema.status == 422)
            #expect(badSchema.errorMessage.contains("/properties/age/minimum"), "\(badSchema.errorMessage)")
            let reference = try await fixture.api.post("/api/v1/event-types", ##"{"name":"user.deleted","schema":{"$ref":"#/x"}}"##)
            #expect(reference.status == 422)
        }
    }

    @Test("the catalog lists newest first", arguments: StoreBackend.allCases)
    func listing(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            for name in ["a.one", "a.two", "a.three"] { try await fixture.eventType(name) }
            let first = try await fixture.api.get("/api/v1/event-types?limit=2")
            let names = (first.json["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["a.three", "a.two"])
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await fixture.api.get("/api/v1/event-types?limit=2&cursor=\(cursor)")
            #expect((second.json["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["a.one"])
            #expect(second.json["nextCursor"] is NSNull)
        }
    }
}
