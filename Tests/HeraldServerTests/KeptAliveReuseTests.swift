import Foundation
import HeraldTestSupport
import Testing

/// Kept-alive connections are reused, and one the receiver closed as it was reused costs the
/// delivery nothing.
@Suite("Kept-alive connections")
struct KeptAliveReuseTests {
    @Test("a kept-alive connection closed by the receiver as it is reused: the request goes again on a new one, one attempt on record",
          arguments: StoreBackend.allCases)
    func closedOnReuse(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.oneAnswerPerConnection)
        defer { Task { await receiver.stop() } }
        try await DeliveryFixture.run(["--request-timeout", "30s", "--retry-schedule", "1h"], on: backend) { setup in
            let created = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints", #"{"url":"\#(receiver.url())"}"#)
            try #require(created.status == 201, "\(created.text)")
            // The first message opens the connection and leaves it in the pool; the second is
            // sent once the first is on record, so it goes out on that connection.
            let first = try await setup.send()
            let firstAttempts = try await setup.attempts(first, atLeast: 1, timeout: .seconds(30))
            #expect(firstAttempts.first?["status"] as? String == "succeeded", "\(firstAttempts)")
            #expect(receiver.accepted == 1)
            let second = try await setup.send()
            let secondAttempts = try await setup.attempts(second, atLeast: 1, timeout: .seconds(30))
            #expect(secondAttempts.count == 1, "\(secondAttempts)")
            #expect(secondAttempts.first?["status"] as? String == "succeeded", "sent again on a new connection: \(secondAttempts)")
            #expect(receiver.accepted == 2, "the closed connection and a new one")
        }
    }
}
