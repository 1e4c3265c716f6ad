import Foundation
import HeraldTestSupport
import Testing

/// The benchmarks run end to end on a small load, so a change that breaks them (or makes
/// them lose deliveries) fails here rather than when someone next measures.
@Suite("Benchmark commands")
struct BenchCommandTests {
    @Test("bench delivery: every phase runs, every accepted message is delivered, the ratio is printed")
    func deliveryBench() async throws {
        let result = try await HeraldProcess.run(["bench", "delivery", "--messages", "60", "--endpoints", "1,2", "--rate", "50", "--paced-seconds", "1",
                                                  "--batch-max-events", "10"])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        for row in ["60 messages × 1 endpoint(s)", "60 messages × 2 endpoint(s)", "raw transport → receiver (before)", "raw transport → receiver (after)",
                    "AsyncHTTPClient → receiver (before)", "AsyncHTTPClient → receiver (after)",
                    "herald accept → receiver", "ratio deliveries / raw", "(transport)", "(AsyncHTTPClient)", "at 50 messages/s, 1 endpoint", "drain, 1 endpoint(s)", "drain, 2 endpoint(s)",
                    "drain, batched (maxEvents 10)", "60 attempts recorded for 60 deliveries"] {
            #expect(output.contains(row), "missing \(row) in:\n\(output)")
        }
        #expect(!output.contains("missing deliveries"), "\(output)")
        #expect(!output.contains("raw client failures"), "both raw clients reached the receiver: \(output)")
        #expect(!output.contains("only "), "every delivery succeeded: \(output)")
        #expect(!output.contains("not every event"), "\(output)")
    }

    @Test("bench delivery --metrics-cost: accept and drain with metrics on and off, and what metrics cost")
    func metricsCost() async throws {
        let result = try await HeraldProcess.run(["bench", "delivery", "--messages", "40", "--metrics-cost", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        for row in ["metrics on and off, 1 rounds of 40 messages", "accept", "drain, 1 endpoint", "ratio on/off", "cost"] {
            #expect(output.contains(row), "missing \(row) in:\n\(output)")
        }
    }

    @Test("bench receive: the bare, verify and inbox routes each report a positive rate, with both ratios, and nothing fails")
    func receiveBench() async throws {
        let result = try await HeraldProcess.run(["bench", "receive", "--requests", "200", "--connections", "4", "--warmup", "20"])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("200 signed webhooks per route over 4 connections"), "\(output)")
        var rates = [String: Double]()
        for route in ["bare route (read body, 200)", "verify (HeraldReceiver's checks)", "inbox (checks + durable inbox)"] {
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(route) }, "no row for \(route) in:\n\(output)")
            // "<route>   12345 req/s   p50  1.23 ms   p99  4.56 ms"
            let fields = line.dropFirst(route.count).split(separator: " ")
            let rate = try #require(fields.first.flatMap { Double($0) }, "\(line)")
            let p50 = fields.firstIndex(of: "p50").flatMap { fields.indices.contains($0 + 1) ? Double(fields[$0 + 1]) : nil }
            #expect(rate > 0 && rate < 10_000_000, "\(line)")
            #expect((p50 ?? -1) > 0, "a positive median latency: \(line)")
            rates[route] = rate
        }
        for ratio in ["ratio verify / bare: ", "ratio inbox / bare:  "] {
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(ratio) }, "no \(ratio) in:\n\(output)")
            let value = try #require(line.dropFirst(ratio.count).split(separator: " ").first.flatMap { Double($0) }, "\(line)")
            #expect(value > 0, "\(line)")
        }
        #expect(!output.contains("failures:"), "every request answered 200: \(output)")
        let handled = output.split(separator: "\n").first { $0.hasPrefix("inbox handled ") }?.split(separator: " ").dropFirst(2).first.flatMap { Int($0) }
        #expect((handled ?? 0) > 0 && (handled ?? .max) <= 220, "the inbox's handler ran for recorded events: \(output)")
    }

    @Test("bench ingest: accepts are measured against the trivial route")
    func ingestBench() async throws {
        let result = try await HeraldProcess.run(["bench", "ingest", "--messages", "300", "--connections", "4"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("durable accepts (POST messages)"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("ratio accepts / trivial"), "\(result.standardOutput)")
    }
}
