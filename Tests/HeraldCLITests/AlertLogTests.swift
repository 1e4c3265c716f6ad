import Foundation
import HeraldTestSupport
import Testing

/// An alert's episode is one log line when it fires (warning) and one when it resolves
/// (notice), with the rule, the subject and the figures as metadata, as docs/monitoring.md
/// says: read from the JSON log of a `herald serve` whose alert reached the operator webhook.
@Suite("Alert log lines")
struct AlertLogTests {
    @Test("an alert that fires and resolves is logged once each, at warning and at notice, with its metadata")
    func oneLinePerTransition() async throws {
        try await TestReceiver.run { receiver in
            receiver.script("/hook", [.status(503)])
            receiver.script("/ops", [.status(200)])
            let (server, endpoint, ruleID) = try await ServerProcess.run([
                "--log-format", "json", "--log-level", "debug", "--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1h",
                "--alert-interval", "1s", "--operator-webhook-url", receiver.url("/ops"),
            ]) { server in
                let rule = try await server.api.post("/api/v1/alert-rules",
                                                     #"{"name":"hook-failing","kind":"endpoint_failure_rate","threshold":0.5,"windowSeconds":60,"minimumCount":1}"#)
                try #require(rule.status == 201, "\(rule.text)")
                let ruleID = try #require(rule.json["id"] as? String)
                let app = try await server.app()
                try await server.eventType("order.created")
                let endpoint = try await server.endpoint(app: app, url: receiver.url("/hook"))
                #expect(try await server.send(app: app, type: "order.created").status == 202)
                _ = try await receiver.waitFor(count: 1, path: "/ops", timeout: .seconds(20))
                // Disabling the rule resolves its alert at the next evaluation.
                #expect(try await server.api.patch("/api/v1/alert-rules/\(ruleID)", #"{"enabled":false}"#).status == 200)
                _ = try await receiver.waitFor(count: 2, path: "/ops", timeout: .seconds(20))
                return (server, endpoint, ruleID)
            }
            let types = receiver.requests("/ops").compactMap { request in
                (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])?["type"] as? String
            }
            #expect(types == ["alert.fired", "alert.resolved"], "the operator webhook got both")

            let about = server.logEntries.filter { ($0["msg"] as? String)?.contains("alert") == true || ($0["event"] as? String)?.hasPrefix("alert.") == true }
            #expect(about.count == 2, "one line per transition: \(about)")
            let fired = try #require(about.first { $0["msg"] as? String == "alert fired" }, "\(about)")
            #expect(fired["level"] as? String == "warning")
            #expect(fired["rule"] as? String == "hook-failing" && fired["ruleId"] as? String == ruleID && fired["kind"] as? String == "endpoint_failure_rate")
            #expect(fired["subject"] as? String == endpoint && fired["endpointId"] as? String == endpoint)
            #expect(fired["attempts"] as? String == "1" && fired["failed"] as? String == "1" && fired["failureRate"] as? String == "1", "\(fired)")
            #expect(fired["threshold"] as? String == "0.5" && fired["appId"] is String)
            let resolved = try #require(about.first { $0["msg"] as? String == "alert resolved" }, "\(about)")
            #expect(resolved["level"] as? String == "notice")
            #expect(resolved["rule"] as? String == "hook-failing" && resolved["subject"] as? String == endpoint && resolved["firedAt"] is String, "\(resolved)")
        }
    }
}
