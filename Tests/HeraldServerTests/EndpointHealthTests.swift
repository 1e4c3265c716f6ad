import Foundation
import Herald
import HeraldTestSupport
import Testing

@Suite("Endpoint health and limits")
struct EndpointHealthTests {
    @Test("many deliveries to one endpoint use at most its concurrency limit of connections", arguments: StoreBackend.allCases)
    func pooledConnections(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(["--endpoint-concurrency", "4"], on: backend) { setup in
            setup.receiver.script("/hook", [.delay(.milliseconds(2), then: .status(200))])
            _ = try await setup.endpoint()
            for index in 0..<200 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            _ = try await setup.receiver.waitFor(count: 200, timeout: .seconds(30))
            #expect(setup.receiver.connectionCount() <= 4, "connections used: \(setup.receiver.connectionCount())")
            #expect(Set(setup.receiver.requests().compactMap { $0.header("webhook-id") }).count == 200)
        }
    }

    @Test("an endpoint's rateLimit holds across its messages", arguments: StoreBackend.allCases)
    func rateLimit(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(on: backend) { setup in
            _ = try await setup.endpoint(extra: #","rateLimit":5"#)
            for index in 0..<15 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            let requests = try await setup.receiver.waitFor(count: 15, timeout: .seconds(20))
            let span = requests.last!.receivedAt - requests.first!.receivedAt
            // 5 at once (a full bucket), then 5 per second: the 15th arrives about 2 s after the first.
            #expect(span >= .milliseconds(1700), "15 deliveries at 5/s took \(span)")
        }
    }

    @Test("an endpoint failing without a success for --disable-after is disabled, and the operator hears of it, signed",
          arguments: StoreBackend.allCases)
    func disabledAfterFailingTooLong(backend: StoreBackend) async throws {
        let operatorSecret = try WebhookSecret.generate()
        let receiver = try await TestReceiver.start()
        try await DeliveryFixture.run([
            "--disable-after", "2s", "--retry-schedule", "1s,1s,1s,1s,1s,1s",
            "--operator-webhook-url", receiver.url("/ops"), "--operator-webhook-secret", operatorSecret.serialized,
        ], on: backend) { setup in
            defer {
                Task {
                    try? await receiver.stop()
                }
            }
            setup.receiver.script("/hook", [.status(500)])
            let endpoint = try await setup.endpoint()
            _ = try await setup.send()
            // message.attempt.failing may come first (after the 4th attempt); wait for endpoint.disabled.
            var disabledEvent: ReceivedRequest?
            let deadline = ContinuousClock.now + .seconds(20)
            while disabledEvent == nil && ContinuousClock.now < deadline {
                disabledEvent = receiver.requests("/ops").first { $0.bodyText.contains(#""type":"endpoint.disabled""#) }
                if disabledEvent == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let event = try #require(disabledEvent, "events: \(receiver.requests("/ops").map(\.bodyText))")
            #expect(event.bodyText.contains(endpoint.id))
            try WebhookVerifier(keys: [.symmetric(operatorSecret)]).verify(body: event.body) { event.header($0) }
            #expect(try await setup.api.get("/api/v1/apps/\(setup.app)/endpoints/\(endpoint.id)").json["disabled"] as? Bool == true)
            let attemptsAtDisable = setup.receiver.count()
            try await Task.sleep(for: .seconds(1.5))
            #expect(setup.receiver.count() == attemptsAtDisable, "nothing more is sent to a disabled endpoint")
        }
    }
}
