import Foundation
import HeraldTestSupport
import Testing

/// The cause recorded for an attempt without an answer comes from the error's type, from real
/// failures on loopback.
@Suite("Delivery error kinds")
struct DeliveryErrorKindTests {
    private func firstAttempt(to url: String, on backend: StoreBackend) async throws -> [String: Any] {
        let json = try await DeliveryFixture.run(["--request-timeout", "30s", "--retry-schedule", "1h"], on: backend) { setup in
            let answer = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints", #"{"url":"\#(url)"}"#)
            try #require(answer.status == 201, "\(answer.text)")
            let message = try await setup.send()
            return try JSONSerialization.data(withJSONObject: try #require(try await setup.attempts(message, atLeast: 1, timeout: .seconds(45)).first))
        }
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    @Test("nothing listening: connectionRefused, at once rather than after the timeout", arguments: StoreBackend.allCases)
    func refused(backend: StoreBackend) async throws {
        // Bound and never listening, for the whole test: no other test's server can take it.
        let refusing = try RefusingPort()
        let attempt = try await firstAttempt(to: "http://127.0.0.1:\(refusing.port)/hook", on: backend)
        withExtendedLifetime(refusing) {}
        #expect(attempt["errorKind"] as? String == "connectionRefused", "\(attempt)")
        // Far below the 30 s request timeout; a loaded CI machine has taken 1,079 ms.
        #expect((attempt["durationMs"] as? Int ?? .max) < 10_000, "\(attempt)")
    }

    @Test("an answer that is not HTTP: a failure that says so", arguments: StoreBackend.allCases)
    func notHTTP(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.garbage)
        defer { Task { await receiver.stop() } }
        let attempt = try await firstAttempt(to: receiver.url(), on: backend)
        #expect(attempt["status"] as? String == "failed")
        let kind = attempt["errorKind"] as? String
        #expect(kind == "other" || kind == "connectionClosed", "\(attempt)")
        #expect(attempt["errorKind"] as? String != "timeout", "it fails at once, not by the deadline: \(attempt)")
    }
}
