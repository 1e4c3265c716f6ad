import ArgumentParser
import AsyncHTTPClient
import Foundation
import Herald
import HeraldDelivery
import Histogram
import NIOCore
import NIOHTTP1

/// `herald bench delivery`: end-to-end delivery rate and latency against the raw rate of the
/// same HTTP client to the same receiver, for one endpoint and for several, unbatched and batched.
struct DeliveryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Deliver messages to endpoints on an in-process receiver (or one you name); compare with the HTTP client's raw rate.",
        discussion: """
        Starts a receiver in this process and `herald serve` as a child process (SQLite, synchronous=FULL).
        For each count in --endpoints:
          ceiling: the same pooled client, at the dispatcher's concurrency (10 per endpoint), POSTs signed bodies
            straight to the receiver; measured before and after the next phase, the mean of both is the ceiling;
          accept+deliver: --messages messages to that many endpoints, posted as fast as they are accepted;
            deliveries/s and accept→arrival latency;
          drain: the same messages accepted by an API-only server first, then delivered by a full server on the
            same data (rates from the attempts Herald recorded).
        Then --rate messages/s for --paced-seconds to one endpoint (latency at a steady load), and a drain to one
        endpoint with "batch": {"maxEvents": --batch-max-events} (events/s against the unbatched drain).

        --metrics-cost N measures only what metrics cost: N rounds of the one-endpoint accept and drain with metrics
        on and with --no-metrics, alternating; medians and the cost (1 − on/off) of each.

        --receiver-url delivers to a receiver you run (e.g. nginx on loopback) instead: its ceiling, the
        one-endpoint drain and the batched drain.

        Example: swift run -c release herald bench delivery --messages 10000 --endpoints 1,4
        """
    )

    /// Concurrent producers posting messages in the throughput and backlog phases.
    static let posters = 32

    @Option(help: "A PostgreSQL database (postgres://…) for the servers the benchmark starts, instead of SQLite; phases share it.")
    var database: String?

    /// What every `herald serve` the benchmark starts is given.
    var serverArguments: [String] {
        ["--allowed-networks", "127.0.0.1/32"] + (database.map { ["--database", $0] } ?? [])
    }

    @Option(help: "Messages in each throughput and drain phase.")
    var messages = 5000

    @Option(help: "Endpoint counts to measure, comma-separated; each message fans out to all of them.")
    var endpoints = EndpointCounts([1, 4])

    @Option(help: "Messages per second in the paced latency phase.")
    var rate = 1000

    @Option(help: "Seconds of the paced phase, measured after 2 s of warm-up at the same rate (0 skips it).")
    var pacedSeconds = 5

    @Flag(inversion: .prefixedNo, help: "Measure draining a backlog: messages accepted by an API-only server, then delivered by a new one.")
    var drain = true

    @Option(help: "maxEvents of the batched drain phase (0 skips it).")
    var batchMaxEvents = 100

    @Option(help: "maxWaitMs of the batched drain phase.")
    var batchMaxWaitMs = 50

    @Option(help: "Deliver to this URL (http://IP:PORT/path: a receiver you run, e.g. nginx on loopback) instead of the in-process receiver.")
    var receiverURL: String?

    @Option(help: "Only measure what metrics cost: this many rounds of accept and drain with metrics on and off, alternating (0: the usual phases).")
    var metricsCost = 0

    func run() async throws {
        let apiClient = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = apiClient.shutdown() }
        if let receiverURL {
            try await runAgainst(receiverURL, apiClient: apiClient)
            return
        }
        let receiver = try await BenchReceiver.start()
        defer { receiver.stop() }
        if metricsCost > 0 {
            try await metricsCostPhase(receiver: receiver, apiClient: apiClient, rounds: metricsCost)
            return
        }
        var oneEndpointDrain: BenchDeliveryLedger.Tally?
        for count in endpoints.counts {
            let urls = (0..<count).map { receiver.url($0) }
            let ceiling = try await throughputPhase(receiver: receiver, urls: urls, apiClient: apiClient)
            if drain {
                let tally = try await drainPhase(urls: urls, apiClient: apiClient)
                printDrain("drain, \(count) endpoint(s)", tally, ceiling: ceiling, target: count == 1 ? 0.7 : nil)
                if count == 1 { oneEndpointDrain = tally }
            }
        }
        if pacedSeconds > 0 { try await pacedPhase(receiver: receiver, apiClient: apiClient) }
        if batchMaxEvents > 0 {
            let unbatched: BenchDeliveryLedger.Tally
            if let oneEndpointDrain { unbatched = oneEndpointDrain } else { unbatched = try await drainPhase(urls: [receiver.url(0)], apiClient: apiClient) }
            let batched = try await drainPhase(urls: [receiver.url(0)], apiClient: apiClient, endpointOptions: batchOptions)
            printBatched(batched, unbatched: unbatched)
        }
    }

    /// Against a receiver the user runs: the raw client's rate to it at one endpoint's
    /// concurrency, then the drains (unbatched and batched) measured from Herald's records.
    private func runAgainst(_ url: String, apiClient: HTTPClient) async throws {
        let concurrency = DeliveryConfiguration().endpointConcurrency
        let before = try await RawCeiling.measure(concurrency: concurrency, urls: [url], total: messages)
        let unbatched = try await drainPhase(urls: [url], apiClient: apiClient)
        let after = try await RawCeiling.measure(concurrency: concurrency, urls: [url], total: messages)
        print("receiver \(url); \(messages) messages; dispatcher concurrency \(concurrency)")
        Self.printCeiling(before, after)
        printDrain("drain, 1 endpoint", unbatched, ceiling: RawCeiling.mean(before, after), target: nil)
        if batchMaxEvents > 0 {
            printBatched(try await drainPhase(urls: [url], apiClient: apiClient, endpointOptions: batchOptions), unbatched: unbatched)
        }
    }

    static func printCeiling(_ before: RawCeiling, _ after: RawCeiling) {
        print(row("raw transport → receiver (before)", before.transport.rate, before.transport.latencies))
        print(row("raw transport → receiver (after)", after.transport.rate, after.transport.latencies))
        print(row("AsyncHTTPClient → receiver (before)", before.client.rate, before.client.latencies))
        print(row("AsyncHTTPClient → receiver (after)", after.client.rate, after.client.latencies))
        let failures = before.transport.failures + after.transport.failures + before.client.failures + after.client.failures
        if failures > 0 { print("raw client failures: \(failures)") }
    }

    /// `rate` against both ceilings: Herald's own transport first, AsyncHTTPClient after.
    static func ratios(_ name: String, _ rate: Double, _ ceiling: (transport: Double, client: Double)) -> String {
        String(format: "%@ %.2f (transport), %.2f (AsyncHTTPClient)", name, rate / ceiling.transport, rate / ceiling.client)
    }

    var batchOptions: String { #","batch":{"maxEvents":\#(batchMaxEvents),"maxWaitMs":\#(batchMaxWaitMs)}"# }

    func printDrain(_ name: String, _ tally: BenchDeliveryLedger.Tally, ceiling: (transport: Double, client: Double), target: Double?) {
        let rate = tally.deliveriesPerSecond
        print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%9.0f /s", rate)
              + "   " + Self.ratios("ratio to raw", rate, ceiling) + (target.map { String(format: "  (target ≥ %.2f)", $0) } ?? ""))
        if tally.succeeded < tally.deliveries { print("  only \(tally.succeeded) of \(tally.deliveries) deliveries succeeded") }
    }

    func printBatched(_ batched: BenchDeliveryLedger.Tally, unbatched: BenchDeliveryLedger.Tally) {
        let name = "drain, batched (maxEvents \(batchMaxEvents))"
        print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%9.0f events/s", batched.deliveriesPerSecond)
              + String(format: "   %.1f× unbatched (target ≥ 3)", batched.deliveriesPerSecond / max(1, unbatched.deliveriesPerSecond))
              + "   \(batched.requests) requests, \(batched.attempts) attempts recorded for \(batched.deliveries) deliveries")
        if batched.succeeded < batched.deliveries || batched.attempts < batched.deliveries {
            print("  not every event was delivered and recorded: \(batched.succeeded) succeeded, \(batched.attempts) attempts")
        }
    }

    static func row(_ name: String, _ rate: Double, _ latencies: Histogram<UInt64>) -> String {
        func ms(_ percentile: Double) -> String { String(format: "%7.2f", Double(latencies.valueAtPercentile(percentile)) / 1000) }
        return name.padding(toLength: 38, withPad: " ", startingAt: 0)
            + String(format: "%9.0f /s", rate) + "   p50 \(ms(50)) ms   p99 \(ms(99)) ms   p99.9 \(ms(99.9)) ms"
    }
}

/// `--endpoints 1,4`: the endpoint counts to measure.
struct EndpointCounts: ExpressibleByArgument, Sendable {
    let counts: [Int]

    init(_ counts: [Int]) { self.counts = counts }

    init?(argument: String) {
        let counts = argument.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.count == argument.split(separator: ",").count, counts.allSatisfy({ (1...100).contains($0) }) else { return nil }
        self.counts = counts
    }

    var defaultValueDescription: String { counts.map(String.init).joined(separator: ",") }
}
