import Foundation
import HeraldTestSupport
import Testing

@Suite("Applications API")
struct ApplicationAPITests {
    @Test("create, read by id and uid, update, delete", arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let created = try await fixture.api.post("/api/v1/apps", #"{"name":"Acme","uid":"acme-1","metadata":{"plan":"pro"}}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("app_"))
            #expect((created.json["metadata"] as? [String: String]) == ["plan": "pro"])
            #expect(try await fixture.api.get("/api/v1/apps/\(id)").json["uid"] as? String == "acme-1")
            #expect(try await fixture.api.get("/api/v1/apps/acme-1").json["id"] as? String == id)

            let patched = try await fixture.api.patch("/api/v1/apps/acme-1", #"{"name":"Acme Corp","uid":"acme-2"}"#)
            #expect(patched.status == 200)
            #expect(patched.json["name"] as? String == "Acme Corp")
            #expect(try await fixture.api.get("/api/v1/apps/acme-1").status == 404)
            #expect(try await fixture.api.get("/api/v1/apps/acme-2").status == 200)

            #expect(try await fixture.api.delete("/api/v1/apps/\(id)").status == 204)
            let gone = try await fixture.api.get("/api/v1/apps/\(id)")
            #expect(gone.status == 404)
            #expect(gone.errorCode == "not_found")
        }
    }

    @Test("a taken uid is a 409; bad fields are 422s naming the field", arguments: StoreBackend.allCases)
    func validation(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            try await fixture.app(uid: "taken")
            let conflict = try await fixture.api.post("/api/v1/apps", #"{"name":"B","uid":"taken"}"#)
            #expect(conflict.status == 409)
            #expect(conflict.errorCode == "conflict")
            for (body, field) in [(#"{}"#, "name"), (#"{"name":""}"#, "name"), (#"{"name":5}"#, "name"), (#"{"name":"x","uid":"a b"}"#, "uid"),
                                  (#"{"name":"x","metadata":{"a":1}}"#, "metadata"), (#"{"name":"x","uid":"app_123"}"#, "uid")] {
                let answer = try await fixture.api.post("/api/v1/apps", body)
                #expect(answer.status == 422, "\(body)")
                #expect(answer.errorCode == "validation_failed")
                #expect(answer.errorMessage.contains(field), "\(answer.errorMessage)")
            }
        }
    }

    @Test("lists page newest first with opaque cursors; limit is checked, not clamped", arguments: StoreBackend.allCases)
    func pagination(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            var ids = [String]()
            for index in 0..<5 { ids.append(try await fixture.app("app \(index)")) }
            var seen = [String]()
            var cursor: String?
            repeat {
                let path = "/api/v1/apps?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await fixture.api.get(path)
                #expect(page.status == 200)
                let data = try #require(page.json["data"] as? [[String: Any]])
                #expect(data.count <= 2)
                seen += data.compactMap { $0["id"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == ids.reversed())
            for limit in ["0", "251", "abc", "-1"] {
                #expect(try await fixture.api.get("/api/v1/apps?limit=\(limit)").status == 422)
            }
            let badCursor = try await fixture.api.get("/api/v1/apps?cursor=not-a-cursor")
            #expect(badCursor.status == 400)
            #expect(badCursor.errorCode == "bad_request")
        }
    }
}
