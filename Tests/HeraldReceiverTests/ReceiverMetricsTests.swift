import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import MetricsTestKit
import Synchronization
import Testing

/// The receiver's swift-metrics: each outcome counted once, under its name.
@Suite("Receiver: metrics")
struct ReceiverMetricsTests {
    @Test("received, verified, rejected by reason, duplicates, handled, failures, dead letters and handler time are counted")
    func counted() async throws {
        let secret = TestKeys.secret()
        let metrics = TestMetrics()
        var configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        configuration.retrySchedule = [.milliseconds(10)]
        var router = WebhookEventRouter()
        router.on("order.created") { _ in }
        router.on("order.failed") { _ in throw TestFailure("always") }
        try await ReceiverServer.run(configuration, router: router, metrics: metrics) { receiver, client throws in
            let keys: [SigningKey] = [.symmetric(secret)]
            _ = try await client.post(SignedWebhook.event(id: "m_ok", keys: keys))
            _ = try await client.post(SignedWebhook.event(id: "m_ok", keys: keys))
            _ = try await client.post(SignedWebhook.event(id: "m_fail", type: "order.failed", keys: keys))
            _ = try await client.post(SignedWebhook.event(keys: [.symmetric(TestKeys.secret())]))
            _ = try await client.post(SignedWebhook.event(keys: keys, timestamp: 1))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "m_fail")?.status == .dead })
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "m_ok")?.status == .handled })
        }
        #expect(metrics.counterTotal(label: "herald_receiver_requests_total") == 5)
        #expect(metrics.counterTotal(label: "herald_receiver_verified_total") == 3)
        #expect(metrics.counterTotal(label: "herald_receiver_rejected_total", dimensions: [("reason", "noMatchingSignature")]) == 1)
        #expect(metrics.counterTotal(label: "herald_receiver_rejected_total", dimensions: [("reason", "timestampTooOld")]) == 1)
        #expect(metrics.counterTotal(label: "herald_receiver_duplicates_total") == 1)
        #expect(metrics.counterTotal(label: "herald_receiver_handled_total") == 1)
        #expect(metrics.counterTotal(label: "herald_receiver_handler_failures_total") == 2)
        #expect(metrics.counterTotal(label: "herald_receiver_dead_letters_total") == 1)
        #expect(try metrics.expectTimer("herald_receiver_handler_duration_seconds").values.count == 3)
    }
}
