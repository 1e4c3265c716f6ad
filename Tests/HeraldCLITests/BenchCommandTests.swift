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
        for row in ["60 messages × 1 endpoint(s)", "60 messages × 2 endpoint(s)", "raw client → receiver (before)", "raw client → receiver (after)",
                    "herald accept → receiver", "ratio deliveries / raw", "at 50 messages/s, 1 endpoint", "drain, 1 endpoint(s)", "drain, 2 endpoint(s)",
                    "drain, batched (maxEvents 10)", "60 attempts recorded for 60 deliveries"] {
            #expect(output.contains(row), "missing \(row) in:\n\(output)")
        }
        #expect(!output.contains("missing deliveries"), "\(output)")
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

    @Test("bench ingest: accepts are measured against the trivial route")
    func ingestBench() async throws {
        let result = try await HeraldProcess.run(["bench", "ingest", "--messages", "300", "--connections", "4"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("durable accepts (POST messages)"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("ratio accepts / trivial"), "\(result.standardOutput)")
    }
}
