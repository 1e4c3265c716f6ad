import Foundation
import HeraldAPI
@testable import HeraldClient
import Testing

@Suite("URL building")
struct URLBuildingTests {
    let client = HeraldClient(baseURL: "http://127.0.0.1:8080//", token: "t")

    @Test("trailing slashes of the base URL are dropped")
    func baseURL() {
        #expect(client.baseURL == "http://127.0.0.1:8080")
        #expect(client.url(for: .api(.get, "apps")) == "http://127.0.0.1:8080/api/v1/apps")
    }

    @Test("each path segment is percent-encoded, so a value stays one segment", arguments: [
        ("app_123", "app_123"),
        ("my app", "my%20app"),
        ("a/b", "a%2Fb"),
        ("x?y#z", "x%3Fy%23z"),
        ("100%", "100%25"),
        ("..", ".."),
        ("uid.with-safe_chars~", "uid.with-safe_chars~"),
        ("é", "%C3%A9"),
        ("a+b&c=d", "a%2Bb%26c%3Dd"),
    ])
    func segments(_ raw: String, _ encoded: String) {
        #expect(client.url(for: .api(.get, "apps", raw, "endpoints")) == "http://127.0.0.1:8080/api/v1/apps/\(encoded)/endpoints")
    }

    @Test("query values are encoded and absent ones left out")
    func query() {
        let request = APIRequest.api(.get, "apps", query: APIRequest.paging(limit: 5, cursor: "c+1/=&"))
        #expect(client.url(for: request) == "http://127.0.0.1:8080/api/v1/apps?limit=5&cursor=c%2B1%2F%3D%26")
        #expect(client.url(for: .api(.get, "apps", query: APIRequest.paging(limit: nil, cursor: nil))) == "http://127.0.0.1:8080/api/v1/apps")
    }

    @Test("message list times are RFC 3339 UTC with milliseconds")
    func times() {
        #expect(HeraldClient.rfc3339(Date(timeIntervalSince1970: 1_764_576_000.25)) == "2025-12-01T08:00:00.250Z")
    }
}
