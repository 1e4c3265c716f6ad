import Foundation
import HeraldTestSupport
import Testing

/// The management commands of `herald`, run as processes against a real server.
@Suite("herald CLI against a server")
struct CLIAgainstServerTests {
    func herald(_ server: InProcessServer, _ arguments: [String], input: String = "") async throws -> HeraldProcess.Result {
        try await HeraldProcess.run(arguments, input: Array(input.utf8), environment: ["HERALD_SERVER": server.baseURL, "HERALD_API_TOKEN": server.token])
    }

    @Test("create, list and show apps, event types and endpoints; send a message three ways")
    func workflow() async throws {
        try await InProcessServer.run { server in
            let app = try await herald(server, ["app", "create", "--name", "Acme", "--uid", "acme", "--metadata", "plan=pro"])
            #expect(app.status == 0, "\(app.standardError)")
            #expect(app.standardOutput.contains("app_"))
            #expect(try await herald(server, ["app", "list"]).standardOutput.contains("acme"))
            let shown = try await herald(server, ["app", "show", "acme", "--json"])
            let json = try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any]
            #expect((json?["metadata"] as? [String: String]) == ["plan": "pro"])

            #expect(try await herald(server, ["event-type", "create", "--name", "order.created", "--schema", #"{"type":"object","required":["id"]}"#]).status == 0)
            #expect(try await herald(server, ["event-type", "list"]).standardOutput.contains("order.created"))
            let endpoint = try await herald(server, ["endpoint", "create", "--app", "acme", "--url", "https://example.com/h", "--event-type", "order.created", "--json"])
            let endpointID = try #require((try JSONSerialization.jsonObject(with: Data(endpoint.standardOutput.utf8)) as? [String: Any])?["id"] as? String)
            #expect(try await herald(server, ["endpoint", "secret", "--app", "acme", endpointID]).standardOutput.contains("whsec_"))
            #expect(try await herald(server, ["endpoint", "update", "--app", "acme", endpointID, "--disabled"]).status == 0)
            #expect(try await herald(server, ["endpoint", "show", "--app", "acme", endpointID, "--json"]).standardOutput.contains(#""disabled" : true"#))

            let fromFlag = try await herald(server, ["send", "--app", "acme", "--type", "order.created", "--data", #"{"id":"o1"}"#])
            #expect(fromFlag.status == 0, "\(fromFlag.standardError)")
            let file = TemporaryDirectory.make().appendingPathComponent("payload.json")
            try Data(#"{"id":"o2"}"#.utf8).write(to: file)
            #expect(try await herald(server, ["send", "--app", "acme", "--type", "order.created", "--data", "@" + file.path]).status == 0)
            #expect(try await herald(server, ["send", "--app", "acme", "--type", "order.created"], input: #"{"id":"o3"}"#).status == 0)
            let list = try await server.api.get("/api/v1/apps/acme/messages")
            #expect((list.json["data"] as? [Any])?.count == 3)
        }
    }

    @Test("API errors become one clear line and exit 1; unreachable servers are named")
    func errors() async throws {
        try await InProcessServer.run { server in
            let missing = try await herald(server, ["app", "show", "nope"])
            #expect(missing.status == 1)
            #expect(missing.standardError.hasPrefix("error: "))
            #expect(missing.standardError.contains("not_found, HTTP 404"))
            #expect(missing.standardError.split(separator: "\n").count == 1)
            _ = try await herald(server, ["event-type", "create", "--name", "order.created", "--schema", #"{"required":["id"]}"#])
            _ = try await herald(server, ["app", "create", "--name", "A", "--uid", "a"])
            let invalid = try await herald(server, ["send", "--app", "a", "--type", "order.created", "--data", "{}"])
            #expect(invalid.status == 1)
            #expect(invalid.standardError.contains("/id"))
            let wrongToken = try await HeraldProcess.run(["app", "list"], environment: ["HERALD_SERVER": server.baseURL, "HERALD_API_TOKEN": "wrong"])
            #expect(wrongToken.status == 1)
            #expect(wrongToken.standardError.contains("401"))
            let unreachable = try await HeraldProcess.run(["app", "list", "--server", "http://127.0.0.1:1", "--token", "x"])
            #expect(unreachable.status == 1)
            #expect(unreachable.standardError.contains("cannot reach Herald at http://127.0.0.1:1"))
        }
    }
}
