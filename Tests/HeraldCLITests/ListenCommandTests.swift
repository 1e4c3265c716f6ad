import Foundation
import Herald
import HeraldTestSupport
import Testing

/// `herald listen` as a developer runs it: a child process on a loopback port, real requests.
@Suite("herald listen")
struct ListenCommandTests {
    static let body = #"{"type":"order.created","timestamp":"2026-12-07T05:00:00.000Z","data":{"id":"ord_1","total":42}}"#

    /// POSTs `body` with `headers` to the listener at `path`.
    func post(_ listener: ListenProcess, _ body: String = Self.body, headers: [(String, String)], path: String = "/webhooks") async throws -> APIClient.Answer {
        try await APIClient(baseURL: listener.baseURL, token: nil).post(path, body, headers: headers)
    }

    @Test("without --secret it generates one and prints it first; requests signed with it verify, others are refused 401")
    func generatedSecret() async throws {
        try await ListenProcess.run(["--format", "json"]) { listener in
            let secret = try #require(listener.generatedSecret, "printed: \(listener.notices)")
            let valid = try await post(listener, headers: try ListenProcess.signed(Self.body, id: "msg_1", secret: secret))
            #expect(valid.status == 200)
            let tampered = try await post(listener, Self.body.replacingOccurrences(of: "42", with: "43"),
                                          headers: try ListenProcess.signed(Self.body, id: "msg_2", secret: secret))
            #expect(tampered.status == 401)
            #expect(tampered.errorCode == "noMatchingSignature")
            let reports = try await listener.waitForLines(2).compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            try #require(reports.count == 2, "\(listener.printed)")
            #expect(reports[0]["verified"] as? Bool == true)
            #expect(reports[0]["type"] as? String == "order.created")
            #expect(reports[0]["webhookId"] as? String == "msg_1")
            #expect(reports[0]["path"] as? String == "/webhooks")
            #expect(((reports[0]["body"] as? [String: Any])?["data"] as? [String: Any])?["id"] as? String == "ord_1")
            #expect(reports[1]["verified"] as? Bool == false)
            #expect(reports[1]["check"] as? String == "noMatchingSignature")
            #expect(reports[1]["status"] as? Int == 401)
        }
    }

    @Test("text format: one readable block per request, with the check's verdict and the JSON indented in its own order")
    func textFormat() async throws {
        let secret = try WebhookSecret.generate().serialized
        try await ListenProcess.run(["--secret", secret]) { listener in
            _ = try await post(listener, headers: try ListenProcess.signed(Self.body, id: "msg_t", secret: secret), path: "/any/path")
            _ = try await post(listener, headers: try ListenProcess.signed(Self.body, id: "msg_old", secret: secret, timestamp: 1_000_000))
            try await listener.waitForLines(12)
            let printed = listener.printed
            #expect(printed.contains("POST /any/path  order.created  msg_t  verified  → 200"), "\(printed)")
            #expect(printed.contains("REJECTED timestampTooOld"), "\(printed)")
            #expect(printed.contains("{\n  \"type\": \"order.created\",\n  \"timestamp\": \"2026-12-07T05:00:00.000Z\",\n  \"data\": {\n    \"id\": \"ord_1\",\n    \"total\": 42\n  }\n}"),
                    "\(printed)")
            #expect(!listener.notices.contains("generated"), "a given secret is not replaced")
        }
    }

    @Test("--respond 500,500,200 rehearses failures: each request takes the next status, the last repeats")
    func rehearsedStatuses() async throws {
        let secret = try WebhookSecret.generate().serialized
        try await ListenProcess.run(["--secret", secret, "--respond", "500,503,200", "--format", "json"]) { listener in
            var statuses = [Int]()
            for index in 0..<4 {
                statuses.append(try await post(listener, headers: try ListenProcess.signed(Self.body, id: "msg_\(index)", secret: secret)).status)
            }
            #expect(statuses == [500, 503, 200, 200])
        }
    }

    @Test("--events filters by type with * patterns: other events are answered 200 and not shown")
    func eventFilter() async throws {
        let secret = try WebhookSecret.generate().serialized
        try await ListenProcess.run(["--secret", secret, "--events", "invoice.*,order.*", "--format", "json"]) { listener in
            let other = #"{"type":"user.deleted","timestamp":"2026-12-07T05:00:00.000Z","data":{}}"#
            #expect(try await post(listener, other, headers: try ListenProcess.signed(other, id: "msg_u", secret: secret)).status == 200)
            #expect(try await post(listener, headers: try ListenProcess.signed(Self.body, id: "msg_o", secret: secret)).status == 200)
            let lines = try await listener.waitForLines(1)
            try await Task.sleep(for: .milliseconds(200))
            #expect(listener.lines.count == 1, "\(lines)")
            #expect(listener.reports.first?["webhookId"] as? String == "msg_o")
        }
    }

    @Test("--forward-to passes verified requests on with their original headers and answers with the app's answer")
    func forward() async throws {
        let app = try await TestReceiver.start()
        defer { Task { try? await app.stop() } }
        app.script("/app", [.response(status: 202, headers: [("Content-Type", "application/json")], body: Array(#"{"queued":true}"#.utf8))])
        let secret = try WebhookSecret.generate().serialized
        try await ListenProcess.run(["--secret", secret, "--forward-to", app.url("/app"), "--format", "json"]) { listener in
            let headers = try ListenProcess.signed(Self.body, id: "msg_f", secret: secret)
            let answer = try await post(listener, headers: headers)
            #expect(answer.status == 202)
            #expect(answer.text == #"{"queued":true}"#)
            let forwarded = try #require(app.requests("/app").first)
            #expect(forwarded.body == Array(Self.body.utf8))
            #expect(forwarded.header("webhook-id") == "msg_f")
            #expect(forwarded.header("webhook-signature") == headers.first { $0.0 == "webhook-signature" }?.1)
            // A request that fails verification is not forwarded.
            #expect(try await post(listener, headers: [("webhook-id", "msg_x")]).status == 400)
            try await listener.waitForLines(2)
            #expect(app.count("/app") == 1)
            let report = try #require(listener.reports.first)
            #expect((report["forwarded"] as? [String: Any])?["status"] as? Int == 202)
        }
    }

    @Test("--forward-to an app that is down answers 502 and says so")
    func forwardFailure() async throws {
        let secret = try WebhookSecret.generate().serialized
        let closed = try RefusingPort()
        try await ListenProcess.run(["--secret", secret, "--forward-to", "http://127.0.0.1:\(closed.port)/", "--format", "json"]) { listener in
            let answer = try await post(listener, headers: try ListenProcess.signed(Self.body, id: "msg_down", secret: secret))
            #expect(answer.status == 502)
            try await listener.waitForLines(1)
            #expect((listener.reports.first?["forwarded"] as? [String: Any])?["error"] != nil)
        }
    }

    @Test("--no-verify accepts and shows unsigned requests")
    func noVerify() async throws {
        try await ListenProcess.run(["--no-verify", "--format", "json"]) { listener in
            #expect(try await post(listener, headers: []).status == 200)
            try await listener.waitForLines(1)
            let report = try #require(listener.reports.first)
            #expect(report["verified"] is NSNull)
            #expect(report["type"] as? String == "order.created")
        }
    }

    @Test("bad flags are refused before it listens")
    func badFlags() async throws {
        let both = try await HeraldProcess.run(["listen", "--respond", "500", "--forward-to", "http://localhost:1/"])
        #expect(both.status != 0)
        #expect(both.standardError.contains("not both"))
        let statuses = try await HeraldProcess.run(["listen", "--respond", "500,abc"])
        #expect(statuses.status != 0)
        #expect(statuses.standardError.contains("--respond takes HTTP statuses"))
        let secret = try await HeraldProcess.run(["listen", "--secret", "whsec_nope"])
        #expect(secret.status == 2)
        #expect(secret.standardError.contains("--secret"))
    }

    @Test("end to end: Herald delivers to herald listen, which verifies with the endpoint's secret")
    func againstHerald() async throws {
        let secret = try WebhookSecret.generate().serialized
        try await ListenProcess.run(["--secret", secret, "--format", "json"]) { listener in
            try await ServerProcess.run(["--allowed-networks", "127.0.0.1/32"]) { server in
                let app = try await server.app()
                try await server.eventType("order.created")
                let endpoint = try await server.api.post("/api/v1/apps/\(app)/endpoints",
                                                         #"{"url":"\#(listener.baseURL)/hooks","secret":"\#(secret)"}"#)
                try #require(endpoint.status == 201, "\(endpoint.text)")
                let message = try await server.send(app: app, type: "order.created", payload: #"{"id":"ord_9"}"#)
                try await listener.waitForLines(1, timeout: .seconds(20))
                let report = try #require(listener.reports.first, "\(listener.printed)")
                #expect(report["verified"] as? Bool == true)
                #expect(report["webhookId"] as? String == message.json["id"] as? String)
                #expect(report["type"] as? String == "order.created")
                #expect(((report["body"] as? [String: Any])?["data"] as? [String: Any])?["id"] as? String == "ord_9")
            }
        }
    }
}
