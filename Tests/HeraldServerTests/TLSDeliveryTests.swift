import Foundation
import HeraldTestSupport
import NIOHTTP1
import Testing

@Suite("Delivery over TLS")
struct TLSDeliveryTests {
    @Test("an https endpoint is delivered to over kept-alive HTTP/1.1, its certificate checked", arguments: StoreBackend.allCases)
    func keptAlive(backend: StoreBackend) async throws {
        let receiver = try await TestTLSReceiver.start()
        defer { Task { await receiver.stop() } }
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32,::1/128", "--tls-trust-roots", receiver.certificatePath], on: backend) { trusting in
            let app = try await trusting.app()
            try await trusting.eventType("order.created")
            _ = try await trusting.endpoint(app: app, url: receiver.url())
            // One message after the other, each sent once the previous one's attempt is on record
            // (its connection is back in the pool by then).
            for _ in 1...3 {
                let message = try #require(try await trusting.send(app: app, type: "order.created").json["id"] as? String)
                let deadline = ContinuousClock.now + .seconds(30)
                var status: String?
                while status == nil && ContinuousClock.now < deadline {
                    let attempts = try await trusting.api.get("/api/v1/apps/\(app)/messages/\(message)/attempts").json["data"] as? [[String: Any]]
                    status = attempts?.first?["status"] as? String
                    if status == nil { try await Task.sleep(for: .milliseconds(20)) }
                }
                try #require(status == "succeeded", "the attempt of \(message): \(status ?? "none on record")")
            }
            // The receiver offers h2 and http/1.1; Herald asks for HTTP/1.1 alone.
            #expect(receiver.receivedVersions == [.http1_1, .http1_1, .http1_1], "versions: \(receiver.receivedVersions)")
            #expect(receiver.acceptedConnections == 1, "three requests in a row share one TLS connection, not \(receiver.acceptedConnections)")
        }

        // Without the trust root the same endpoint fails TLS verification and is recorded as such.
        // A roomy timeout: the handshake must fail on the certificate, not run out of time on a loaded machine.
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32,::1/128", "--retry-schedule", "30s", "--request-timeout", "15s"], on: backend) { strict in
            let deadline = ContinuousClock.now + .seconds(40)
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
