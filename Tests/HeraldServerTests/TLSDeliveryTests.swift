import Foundation
import HeraldTestSupport
import NIOHTTP1
import Testing

@Suite("Delivery over TLS")
struct TLSDeliveryTests {
    @Test("an https endpoint that offers HTTP/2 is delivered to over HTTP/2, its certificate checked", arguments: StoreBackend.allCases)
    func http2(backend: StoreBackend) async throws {
        let receiver = try await TestTLSReceiver.start()
        defer { Task { await receiver.stop() } }
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32,::1/128", "--tls-trust-roots", receiver.certificatePath], on: backend) { trusting in
            let app = try await trusting.app()
            try await trusting.eventType("order.created")
            _ = try await trusting.endpoint(app: app, url: receiver.url())
            let message = try #require(try await trusting.send(app: app, type: "order.created").json["id"] as? String)
            let deadline = ContinuousClock.now + .seconds(15)
            while receiver.receivedVersions.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(receiver.receivedVersions.first?.major == 2, "versions: \(receiver.receivedVersions)")
            // The receiver has the request a moment before Herald has recorded the attempt.
            var status: String?
            while status == nil && ContinuousClock.now < deadline {
                let attempts = try await trusting.api.get("/api/v1/apps/\(app)/messages/\(message)/attempts").json["data"] as? [[String: Any]]
                status = attempts?.first?["status"] as? String
                if status == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == "succeeded")
        }

        // Without the trust root the same endpoint fails TLS verification and is recorded as such.
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32,::1/128", "--retry-schedule", "30s", "--request-timeout", "3s"], on: backend) { strict in
            let deadline = ContinuousClock.now + .seconds(25)
            let strictApp = try await strict.app()
            try await strict.eventType("order.created")
            _ = try await strict.endpoint(app: strictApp, url: receiver.url())
            let refused = try #require(try await strict.send(app: strictApp, type: "order.created").json["id"] as? String)
            var kind: String?
            while kind == nil && ContinuousClock.now < deadline {
                let data = try await strict.api.get("/api/v1/apps/\(strictApp)/messages/\(refused)/attempts").json["data"] as? [[String: Any]]
                kind = data?.first?["errorKind"] as? String
                if kind == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(kind == "tlsFailure")
        }
    }
}
