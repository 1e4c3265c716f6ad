import Foundation
import HeraldTestSupport
import NIOHTTP1
import Testing

/// A known path with a method it does not serve answers 405 with `Allow`; `OPTIONS` lists the
/// methods; `HEAD` answers like `GET` without a body; unknown paths stay 404. On SQLite only:
/// the router answers these before any store is asked.
@Suite("Methods a path does not serve")
struct MethodNotAllowedTests {
    @Test("405 with Allow and the JSON error, before authentication, on every kind of path")
    func methodNotAllowed() async throws {
        try await InProcessServer.run { fixture in
            let app = try await fixture.app(uid: "acme")
            let cases: [(HTTPMethod, String, String)] = [
                (.PUT, "/api/v1/apps", "GET, HEAD, POST, OPTIONS"),
                (.DELETE, "/api/v1/apps", "GET, HEAD, POST, OPTIONS"),
                (.POST, "/api/v1/apps/\(app)", "GET, HEAD, PATCH, DELETE, OPTIONS"),
                (.PUT, "/api/v1/apps/acme/messages/msg_missing", "GET, HEAD, OPTIONS"),
                (.GET, "/api/v1/apps/acme/endpoints/ep_missing/recover", "POST, OPTIONS"),
                (.RAW(value: "TRACE"), "/health", "GET, HEAD, OPTIONS"),
                (.POST, "/openapi.json", "GET, HEAD, OPTIONS"),
            ]
            for (method, path, allow) in cases {
                for client in [fixture.api, APIClient(baseURL: fixture.baseURL, token: nil)] {
                    let answer = try await client.request(method, path)
                    #expect(answer.status == 405, "\(method) \(path): \(answer.status) \(answer.text)")
                    #expect(answer.headers.first(name: "Allow") == allow, "\(method) \(path)")
                    #expect(answer.errorCode == "method_not_allowed", "\(method) \(path)")
                    #expect(answer.errorMessage.contains(allow), "\(answer.errorMessage)")
                }
            }
        }
    }

    @Test("OPTIONS answers 204 with Allow; HEAD answers GET's status and headers without a body")
    func optionsAndHead() async throws {
        try await InProcessServer.run { fixture in
            let options = try await APIClient(baseURL: fixture.baseURL, token: nil).request(.OPTIONS, "/api/v1/event-types/order.created")
            #expect(options.status == 204)
            #expect(options.headers.first(name: "Allow") == "GET, HEAD, PATCH, DELETE, OPTIONS")
            #expect(options.body.isEmpty)

            let get = try await fixture.api.get("/api/v1/apps")
            let head = try await fixture.api.request(.HEAD, "/api/v1/apps")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers.first(name: "Content-Type") == "application/json")
            #expect(head.headers.first(name: "Content-Length") == String(get.body.count))
            let unauthorized = try await APIClient(baseURL: fixture.baseURL, token: nil).request(.HEAD, "/api/v1/apps")
            #expect(unauthorized.status == 401)
            #expect(try await fixture.api.request(.HEAD, "/api/v1/apps/missing").status == 404)
        }
    }

    @Test("unknown paths answer 404 whatever the method")
    func unknownPath() async throws {
        try await InProcessServer.run { fixture in
            for method in [HTTPMethod.GET, .PUT, .OPTIONS, .DELETE] {
                for path in ["/api/v1/nothing", "/api/v1/apps/acme/nothing", "/api/v1/apps/acme/messages/msg_1/endpoints", "/nope"] {
                    let answer = try await fixture.api.request(method, path)
                    #expect(answer.status == 404, "\(method) \(path)")
                    #expect(answer.errorCode == "not_found", "\(method) \(path)")
                    #expect(answer.headers.first(name: "Allow") == nil)
                }
            }
        }
    }
}
