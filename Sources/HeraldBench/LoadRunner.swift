import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOHTTP1
import Synchronization
import HeraldDelivery

/// Sends `total` requests over `concurrency` concurrent workers through one pooled client and
/// records each request's latency (microseconds) in an HdrHistogram.
struct LoadRunner {
    struct Report {
        let completed: Int
        let failures: Int
        let seconds: Double
        let latencies: Histogram<UInt64>

        var rate: Double { Double(completed) / seconds }

        func percentileMilliseconds(_ percentile: Double) -> Double {
            Double(latencies.valueAtPercentile(percentile)) / 1000
        }
    }

    let client: HTTPClient
    let concurrency: Int

    /// Runs `total` requests; `makeRequest(i)` builds the i-th; `isSuccess` judges the status.
    func run(total: Int, makeRequest: @escaping @Sendable (Int) -> HTTPClientRequest, isSuccess: @escaping @Sendable (HTTPResponseStatus) -> Bool) async -> Report {
        await run(total: total) { index in
            do {
                let response = try await client.execute(makeRequest(index), timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 24)
                return isSuccess(response.status)
            } catch {
                return false
            }
        }
    }

    /// Runs `total` requests the way Herald's sender made its attempts through AsyncHTTPClient
    /// (the client's delegate interface, keeping the head and the first 4 KiB).
    func runKept(total: Int, makeRequest: @escaping @Sendable (Int) -> HTTPClient.Request, isSuccess: @escaping @Sendable (HTTPResponseStatus) -> Bool) async -> Report {
        await run(total: total) { index in
            let response = try? await KeptResponse.fetch(makeRequest(index), client: client, deadline: .now() + .seconds(30), limit: WebhookSender.keptBodyBytes)
            return response.map { isSuccess($0.head.status) } ?? false
        }
    }

    /// Runs `total` requests through Herald's own ``DeliveryTransport``, as its sender makes its
    /// attempts, so a ceiling measured with it is Herald's transport without Herald's bookkeeping.
    func runTransport(total: Int, transport: DeliveryTransport,
                      makeRequest: @escaping @Sendable (Int) -> (HTTPRequestHead, ByteBuffer, ConnectTarget),
                      isSuccess: @escaping @Sendable (HTTPResponseStatus) -> Bool) async -> Report {
        await run(total: total) { index in
            let (head, body, target) = makeRequest(index)
            let response = try? await transport.exchange(head, body: body, to: target, deadline: .now() + .seconds(30), limit: WebhookSender.keptBodyBytes)
            return response.map { isSuccess($0.head.status) } ?? false
        }
    }

    /// Runs `perform(i)` for i in 0..<total over `concurrency` workers; it reports success.
    private func run(total: Int, perform: @escaping @Sendable (Int) async -> Bool) async -> Report {
        let counter = RequestCounter(total: total)
        let clock = ContinuousClock()
        let start = clock.now
        let results = await withTaskGroup(of: (Histogram<UInt64>, Int, Int).self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                    var completed = 0
                    var failures = 0
                    while let index = counter.next() {
                        let began = clock.now
                        if await perform(index) { completed += 1 } else { failures += 1 }
                        let elapsed = clock.now - began
                        _ = histogram.record(UInt64(max(1, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)))
                    }
                    return (histogram, completed, failures)
                }
            }
            var merged = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            var completed = 0
            var failures = 0
            for await (histogram, done, failed) in group {
                merged.add(histogram)
                completed += done
                failures += failed
            }
            return (merged, completed, failures)
        }
        return Report(completed: results.1, failures: results.2, seconds: (clock.now - start).seconds, latencies: results.0)
    }
}

/// Hands out request numbers 0..<total to the workers (an atomic, so handing one out costs
/// the workers no hop to another executor).
final class RequestCounter: Sendable {
    private let issued = Atomic<Int>(0)
    private let total: Int

    init(total: Int) { self.total = total }

    func next() -> Int? {
        let index = issued.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < total ? index : nil
    }
}
