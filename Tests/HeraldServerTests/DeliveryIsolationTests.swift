import Foundation
import HeraldTestSupport
import Testing

/// Slow: runs when HERALD_SLOW_TESTS=1 (CI sets it).
@Suite("Endpoint isolation", .enabled(if: ProcessInfo.processInfo.environment["HERALD_SLOW_TESTS"] == "1"))
struct DeliveryIsolationTests {
    /// Healthy endpoints' deliveries per second while `messages` messages fan out to them, on a
    /// server on `backend`.
    func healthyRate(withDeadEndpoint: Bool, on backend: StoreBackend) async throws -> Double {
        let receiver = try await TestReceiver.start()
        defer { Task { try? await receiver.stop() } }
        receiver.script("/dead", [.hang])
        let rate = try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32", "--request-timeout", "15s"], on: backend) { setup in
            let app = try await setup.app()
            try await setup.eventType("order.created")
            for index in 0..<9 {
                let url = receiver.url("/healthy\(index)")
                _ = try await setup.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(url)"}"#)
            }
            if withDeadEndpoint {
                _ = try await setup.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/dead"))"}"#)
            }
            let messages = 300
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for index in stride(from: worker, to: messages, by: 4) {
                            _ = try await setup.send(app: app, type: "order.created", payload: #"{"n":\#(index)}"#)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let healthyPaths = (0..<9).map { "/healthy\($0)" }
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if healthyPaths.allSatisfy({ receiver.count($0) >= messages }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = ContinuousClock.now - start
            let delivered = healthyPaths.map { receiver.count($0) }.reduce(0, +)
            #expect(delivered >= 9 * messages)
            // The dead endpoint's attempts would hold the graceful stop for their 15 s timeout.
            try await receiver.stop()
            return Double(delivered) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return rate
    }

    /// Both servers at once, so that they see the same load: measured one after the other, the
    /// rest of the suite (running beside this test in CI) made the two rates differ by more than
    /// the effect being checked. One backend after the other.
    @Test("one endpoint that never answers leaves nine healthy ones at least 90 % of their rate", .serialized,
          arguments: StoreBackend.allCases)
    func deadEndpointDoesNotHoldUpOthers(backend: StoreBackend) async throws {
        // Alone on the machine the two rates are within a few percent of each other (97–106 %
        // in six runs); beside the rest of the suite on two cores one pair once came out at 88 %.
        // A dead endpoint that held the others up would fail both pairs by far more, so a second
        // pair is measured when the first misses, and the better one counts.
        var best = 0.0
        var report = ""
        for pair in 1...2 where best < 0.9 {
            async let baseline = healthyRate(withDeadEndpoint: false, on: backend)
            async let withDead = healthyRate(withDeadEndpoint: true, on: backend)
            let (without, with) = try await (baseline, withDead)
            print("[isolation \(backend)] pair \(pair): healthy deliveries/s \(Int(with)) with a dead endpoint, \(Int(without)) without (\(Int(with / without * 100)) %)")
            report += "pair \(pair): \(Int(with)) with a dead endpoint, \(Int(without)) without; "
            best = max(best, with / without)
        }
        #expect(best >= 0.9, "healthy deliveries/s: \(report)")
    }
}
