import Foundation
import Herald
import HeraldTestSupport
import Testing

/// Logs and error messages never hold a secret: a `herald serve` run at trace level that uses
/// every kind of secret (API and metrics tokens, endpoint secrets given and rotated, a test
/// inbox's secret, the operator webhook's secret, signatures on the wire, a wrong token) is
/// grepped for each of them. The same run shows that requests and attempts are logged, as JSON
/// lines with their metadata, so that the grep cannot pass on an empty log.
@Suite("Secret-free logs")
struct SecretFreeLogsTests {
    @Test("a run that used every secret at trace level logs none of them, and logs each request and attempt once as JSON")
    func noSecretInTheLogs() async throws {
        try await TestReceiver.run { receiver in
            receiver.script("/hook", [.status(200)])
            receiver.script("/failing", [.status(500)])
            let apiToken = "api-token-\(UUID().uuidString)"
            let metricsToken = "metrics-token-\(UUID().uuidString)"
            let wrongToken = "wrong-token-\(UUID().uuidString)"
            let operatorSecret = try WebhookSecret.generate().serialized
            let endpointSecret = try WebhookSecret.generate().serialized
            let (server, secretsUsed) = try await ServerProcess.run([
                "--log-level", "trace", "--log-format", "json", "--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1h",
                "--metrics-token", metricsToken, "--operator-webhook-url", receiver.url("/ops"), "--operator-webhook-secret", operatorSecret,
            ], token: apiToken) { server in
                var secrets = [apiToken, metricsToken, wrongToken, operatorSecret, endpointSecret]
                let app = try await server.app()
                try await server.eventType("order.created")
                let created = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/hook"))","secret":"\#(endpointSecret)"}"#)
                try #require(created.status == 201, "\(created.text)")
                let endpoint = try #require(created.json["id"] as? String)
                let failing = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/failing"))"}"#)
                let failingID = try #require(failing.json["id"] as? String)
                secrets.append(try #require(try await server.api.get("/api/v1/apps/\(app)/endpoints/\(failingID)/secret").json["key"] as? String))
                for index in 0..<3 {
                    let sent = try await server.api.post("/api/v1/apps/\(app)/messages", #"{"eventType":"order.created","payload":{"n":\#(index)}}"#)
                    #expect(sent.status == 202)
                }
                _ = try await receiver.waitFor(count: 3, path: "/hook", timeout: .seconds(20))
                _ = try await receiver.waitFor(count: 3, path: "/failing", timeout: .seconds(20))
                let rotated = try await server.api.post("/api/v1/apps/\(app)/endpoints/\(endpoint)/secret/rotate", "{}")
                secrets.append(try #require(rotated.json["key"] as? String, "\(rotated.text)"))
                let inbox = try await server.api.post("/api/v1/inboxes", "{}")
                secrets.append(try #require(inbox.json["secret"] as? String, "\(inbox.text)"))
                // Refused requests carrying secrets: their error messages must not echo them.
                let badSecret = "whsec_" + String(repeating: "A", count: 7) + "!!"
                let refusedSecret = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/x"))","secret":"\#(badSecret)"}"#)
                #expect(refusedSecret.status == 422 && !refusedSecret.text.contains(badSecret), "\(refusedSecret.text)")
                let wrong = try await APIClient(baseURL: server.baseURL, token: wrongToken).get("/api/v1/apps")
                #expect(wrong.status == 401 && !wrong.text.contains(wrongToken))
                #expect(try await APIClient(baseURL: server.baseURL, token: metricsToken).get("/metrics").status == 200)
                #expect(try await APIClient(baseURL: server.baseURL, token: wrongToken).get("/metrics").status == 401)
                // The signatures as they went over the wire.
                for request in receiver.requests() {
                    for signature in (request.header("webhook-signature") ?? "").split(separator: " ") {
                        secrets.append(String(signature.split(separator: ",").last ?? ""))
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                return (server, secrets)
            }
            let log = server.printed
            #expect(secretsUsed.count >= 10, "every kind of secret was used: \(secretsUsed.count)")
            for secret in secretsUsed where !secret.isEmpty {
                #expect(!log.contains(secret), "a secret is in the log")
                // A whsec_ secret's key alone, without its prefix.
                if secret.hasPrefix("whsec_") { #expect(!log.contains(secret.dropFirst(6)), "a secret's key is in the log") }
            }
            #expect(!log.lowercased().contains("authorization"), "an Authorization header is in the log")

            let lines = log.split(separator: "\n").filter { !$0.isEmpty }
            let entries = server.logEntries
            #expect(entries.count == lines.count, "every line is a JSON object: \(lines.filter { !$0.hasPrefix("{") }.prefix(3))")
            let requests = entries.filter { $0["msg"] as? String == "api request" }
            #expect(requests.contains { $0["route"] as? String == "/api/v1/apps/{app}/messages" && $0["status"] as? String == "202" && $0["request_id"] != nil })
            #expect(requests.contains { $0["status"] as? String == "401" && $0["level"] as? String == "info" })
            let messageRequests = requests.filter { $0["route"] as? String == "/api/v1/apps/{app}/messages" && $0["method"] as? String == "POST" }
            #expect(messageRequests.count == 3, "each request is logged once")
            let succeeded = entries.filter { $0["msg"] as? String == "delivery attempt succeeded" }
            let failed = entries.filter { $0["msg"] as? String == "delivery attempt failed" }
            #expect(succeeded.count == 3 && succeeded.allSatisfy { $0["level"] as? String == "debug" && $0["endpoint"] != nil && $0["message"] != nil })
            #expect(failed.count == 3 && failed.allSatisfy { $0["level"] as? String == "info" && $0["status"] as? String == "500" && $0["app"] != nil })
        }
    }
}
