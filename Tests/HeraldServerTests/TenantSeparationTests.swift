import Foundation
import HeraldTestSupport
import NIOHTTP1
import Testing

@Suite("Tenant separation")
struct TenantSeparationTests {
    @Test("nothing of application A is reachable through application B's paths", arguments: StoreBackend.allCases)
    func separation(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let a = try await fixture.app("A", uid: "tenant-a")
            let b = try await fixture.app("B", uid: "tenant-b")
            try await fixture.eventType("order.created")
            let endpoint = try await fixture.endpoint(app: a)
            let message = try #require(try await fixture.send(app: a, type: "order.created").json["id"] as? String)
            for path in ["/api/v1/apps/\(b)/endpoints/\(endpoint)", "/api/v1/apps/tenant-b/endpoints/\(endpoint)/secret",
                         "/api/v1/apps/\(b)/messages/\(message)"] {
                #expect(try await fixture.api.get(path).status == 404, "\(path)")
            }
            #expect(try await fixture.api.patch("/api/v1/apps/\(b)/endpoints/\(endpoint)", #"{"disabled":true}"#).status == 404)
            #expect(try await fixture.api.request(.POST, "/api/v1/apps/\(b)/endpoints/\(endpoint)/secret/rotate").status == 404)
            #expect(try await fixture.api.delete("/api/v1/apps/\(b)/endpoints/\(endpoint)").status == 404)
            #expect((try await fixture.api.get("/api/v1/apps/\(b)/endpoints").json["data"] as? [Any])?.count == 0)
            #expect((try await fixture.api.get("/api/v1/apps/\(b)/messages").json["data"] as? [Any])?.count == 0)
            #expect(try await fixture.api.get("/api/v1/apps/\(a)/endpoints/\(endpoint)").json["disabled"] as? Bool == false)
        }
    }
}
