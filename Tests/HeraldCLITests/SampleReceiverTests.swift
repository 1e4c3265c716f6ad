import Foundation
import Herald
import HeraldTestSupport
import Testing

/// Every sample in `samples/` against real deliveries from a running Herald: a valid one, the
/// same message again (a duplicate), and a tampered copy of a real delivery; and each through
/// `samples/check.py`, its contract check (hostile and malformed requests, limits, SIGTERM).
/// One sample at a time: each starts a Herald server and a runtime (Python, Node, bash), and
/// check.py holds stalled connections for seconds; ten of them at once made the machine's
/// timing-sensitive tests (listener deadlines) miss their marks in CI.
@Suite("Sample receivers", .serialized)
struct SampleReceiverTests {
    static let samples = ["swift", "python", "python-standardwebhooks", "node", "shell"]

    /// What a sample needs besides its port and secret: the Swift sample's built binary and a
    /// fresh inbox, the Python that has the standardwebhooks package, a short read timeout.
    static func environment() -> [String: String] {
        let venvPython = SampleProcess.folder.deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
        var environment = [
            "HERALD_SAMPLE_BINARY": HeraldProcess.executable.deletingLastPathComponent().appendingPathComponent("herald-sample-receiver").path,
            "HERALD_INBOX": TemporaryDirectory.make().appendingPathComponent("inbox.sqlite").path,
        ]
        if FileManager.default.isExecutableFile(atPath: venvPython) { environment["HERALD_SAMPLE_PYTHON"] = venvPython }
        return environment
    }

    @Test("Herald's deliveries: verified, then a duplicate on resend, and a tampered copy rejected", arguments: samples)
    func realDeliveries(sample: String) async throws {
        let secret = try WebhookSecret.generate().serialized
        let receiver = try await SampleProcess.start(sample, secret: secret, environment: Self.environment())
        defer { Task { await receiver.stop() } }
        // A second endpoint with the same secret keeps a copy of each delivery to tamper with.
        let copies = try await TestReceiver.start()
        defer { Task { try? await copies.stop() } }
        try await ServerProcess.run(["--allowed-networks", "127.0.0.1/32"]) { server in
            let app = try await server.app()
            try await server.eventType("order.created")
            let endpoint = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.baseURL)/webhooks","secret":"\#(secret)"}"#)
            try #require(endpoint.status == 201, "\(endpoint.text)")
            let endpointID = try #require(endpoint.json["id"] as? String)
            let copy = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(copies.url("/copy"))","secret":"\#(secret)"}"#)
            try #require(copy.status == 201, "\(copy.text)")

            let sent = try await server.send(app: app, type: "order.created", payload: #"{"id":"ord_1","total":42}"#)
            let message = try #require(sent.json["id"] as? String, "\(sent.text)")
            let verified = try await receiver.waitForLine { $0.hasPrefix("verified \(message)") }
            #expect(verified == "verified \(message) order.created", "lines: \(receiver.lines)\n\(receiver.diagnostics)")

            let resend = try await server.api.post("/api/v1/apps/\(app)/messages/\(message)/endpoints/\(endpointID)/resend", "{}")
            #expect(resend.status == 202, "\(resend.text)")
            let duplicate = try await receiver.waitForLine { $0 == "duplicate \(message)" }
            #expect(duplicate != nil, "lines: \(receiver.lines)")

            let original = try #require(try await copies.waitFor(count: 1, path: "/copy", timeout: .seconds(20)).first)
            var tampered = original.body
            tampered[tampered.count - 3] ^= 0x01
            let headers = ["webhook-id", "webhook-timestamp", "webhook-signature"].compactMap { name in original.header(name).map { (name, $0) } }
            let answer = try await APIClient(baseURL: receiver.baseURL, token: nil).post("/webhooks", bytes: tampered, headers: headers)
            #expect(answer.status == 401, "\(answer.text)")
            let rejected = try await receiver.waitForLine { $0.hasPrefix("rejected") }
            #expect(rejected == "rejected noMatchingSignature", "lines: \(receiver.lines)")

            // Herald recorded both attempts as successes (records are written just after the answers).
            var statuses = [Int]()
            let deadline = ContinuousClock.now + .seconds(10)
            while statuses.count < 2 && ContinuousClock.now < deadline {
                let attempts = try await server.api.get("/api/v1/apps/\(app)/endpoints/\(endpointID)/attempts")
                statuses = (attempts.json["data"] as? [[String: Any]] ?? []).compactMap { $0["responseStatusCode"] as? Int }
                if statuses.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(statuses.count == 2 && statuses.allSatisfy { (200..<300).contains($0) }, "\(statuses)")
        }
        #expect(await receiver.stop() == 0, "exits 0 on SIGTERM")
        #expect(receiver.lines.count == 3, "one line per request: \(receiver.lines)")
    }

    @Test("samples/check.py: the contract, hostile and malformed requests included", arguments: samples)
    func contract(sample: String) async throws {
        let script = SampleProcess.folder.appendingPathComponent("check.py").path
        // check.py starts the sample; both start with no signal blocked (see `SpawnedProcess`),
        // so that its SIGTERM check means something.
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/python3"), [script, sample], environment: Self.environment())
        #expect(result.status == 0, "\(result.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("ok") }.joined(separator: "\n"))\n\(result.standardError)")
        #expect(result.standardOutput.contains(" 0 failed"))
    }
}
