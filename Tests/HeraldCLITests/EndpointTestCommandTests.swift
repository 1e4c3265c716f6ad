import Foundation
import HeraldTestSupport
import Testing

/// `herald endpoint test` against a running server, its endpoint pointed at the server's own
/// test inbox: the whole testing loop with nothing else running.
@Suite("herald endpoint test")
struct EndpointTestCommandTests {
    @Test("sends an example to the endpoint (here a test inbox on the server), prints the attempt; the inbox shows it verified")
    func againstOwnInbox() async throws {
        try await ServerProcess.run { server in
            let environment = ["HERALD_SERVER": server.baseURL, "HERALD_API_TOKEN": server.token]
            let app = try await server.app()
            try await server.eventType("order.created")
            let inbox = try await server.api.post("/api/v1/inboxes", "{}")
            let url = try #require(inbox.json["url"] as? String), secret = try #require(inbox.json["secret"] as? String)
            let inboxID = try #require(inbox.json["id"] as? String)
            let endpoint = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(url)","secret":"\#(secret)"}"#)
            try #require(endpoint.status == 201, "\(endpoint.text)")
            let endpointID = try #require(endpoint.json["id"] as? String)

            let result = try await HeraldProcess.run(["endpoint", "test", "--app", app, endpointID, "--event-type", "order.created"], environment: environment)
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains("attempt    succeeded: HTTP 200"), "\(result.standardOutput)")

            let listed = try await server.api.get("/api/v1/inboxes/\(inboxID)/requests")
            let request = try #require((listed.json["data"] as? [[String: Any]])?.first, "\(listed.text)")
            #expect(request["verified"] as? Bool == true)
            #expect((request["body"] as? String)?.contains(#""test":true"#) == true)

            let missing = try await HeraldProcess.run(["endpoint", "test", "--app", app, "ep_missing"], environment: environment)
            #expect(missing.status != 0)
        }
    }
}
