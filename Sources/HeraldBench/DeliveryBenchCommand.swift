import ArgumentParser
import AsyncHTTPClient
import Foundation
import Herald
import HeraldDelivery
import Histogram
import NIOCore
import NIOHTTP1
import Synchronization

/// `herald bench delivery`: end-to-end delivery rate and latency against the raw rate of the
/// same HTTP client to the same receiver.
struct DeliveryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Fan messages out to endpoints on an in-process receiver; compare with the HTTP client's raw rate.",
        discussion: """
        Starts a receiver in this process and `herald serve` as a child process (SQLite, synchronous=FULL).
        Phase 1 (ceiling): the same pooled client, with the dispatcher's concurrency, POSTs signed bodies straight
        to the receiver; measured before and after phase 2, and the mean of both is the ceiling. Phase 2: --messages messages to --endpoints endpoints as fast as they are accepted;
        deliveries/s and accept→arrival latency. Phase 3: --rate messages/s for --paced-seconds to one endpoint;
        latency percentiles at that load.

        Example: swift run -c release herald bench delivery --messages 5000 --endpoints 4
        """
    )

    /// Concurrent producers posting messages in the throughput and backlog phases.
    static let posters = 32

    @Option(help: "Messages in the throughput phase.")
    var messages = 5000

    @Option(help: "Endpoints each message fans out to.")
    var endpoints = 4

    @Option(help: "Messages per second in the paced latency phase.")
    var rate = 1000

    @Option(help: "Seconds of the paced phase (0 skips it).")
    var pacedSeconds = 5

    @Flag(inversion: .prefixedNo, help: "Also measure draining a backlog: messages accepted by an API-only server, then delivered by a new one.")
    var drain = true

    func run() async throws {
        let receiver = try await BenchReceiver.start()
        defer { receiver.stop() }
        let target = try await BenchTarget.spawned(arguments: ["--allowed-networks", "127.0.0.1/32"])
        let concurrency = endpoints * DeliveryConfiguration().endpointConcurrency
        let client = WebhookSender.makeClient(maximumConnectionsPerHost: concurrency)
        // Sets the servers up; the messages themselves go through MessagePoster (one connection per worker).
        let apiClient = HTTPClient(eventLoopGroupProvider: .singleton)
        defer {
            _ = client.shutdown()
            _ = apiClient.shutdown()
        }

        // Phase 1: the ceiling, measured again after phase 2 (this machine's rate drifts by ±10 %
        // between runs; the mean of both is the ceiling the ratio uses).
        let secret = try WebhookSecret.generate()
        let body = EventEnvelope(type: "bench.event", timestamp: Date(), data: Array(#"{"n":1,"fill":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#.utf8)).encoded()
        let urls = (0..<endpoints).map { receiver.url($0) }
        let measureCeiling = { await LoadRunner(client: client, concurrency: concurrency).run(total: messages * endpoints, makeRequest: { index in
            var request = HTTPClientRequest(url: urls[index % urls.count])
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            for (name, value) in WebhookSigner(key: .symmetric(secret)).headers(id: "msg_raw\(index)", timestamp: Int64(Date().timeIntervalSince1970), body: body) {
                request.headers.add(name: name, value: value)
            }
            request.body = .bytes(ByteBuffer(bytes: body))
            return request
        }, isSuccess: { $0.code < 300 }) }
        let rawBefore = await measureCeiling()
        receiver.reset()

        // Phase 2: throughput through Herald.
        let app = try await target.setUp(client: apiClient, endpointURLs: urls)
        let sender = MessagePoster(baseURL: target.baseURL, token: target.token, app: app)
        let accepted = AcceptTimes()
        let begin = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<Self.posters {
                group.addTask {
                    for index in stride(from: worker, to: messages, by: Self.posters) {
                        if let (id, at) = await sender.post(index) { accepted.add(id, at) }
                    }
                }
            }
        }
        sender.close()
        let arrived = await Self.waitFor(receiver, count: accepted.count * endpoints, timeout: .seconds(300))
        let throughput = Self.latencies(accepted: accepted.snapshot, arrivals: receiver.arrivalTimes)
        let lastArrival = receiver.arrivalTimes.values.max() ?? ContinuousClock.now
        let deliveryRate = Double(arrived) / (lastArrival - begin).seconds
        let missing = accepted.count * endpoints - arrived
        receiver.reset()
        let rawAfter = await measureCeiling()
        receiver.reset()
        let ceiling = (rawBefore.rate + rawAfter.rate) / 2
        print("\(messages) messages × \(endpoints) endpoints; dispatcher concurrency \(concurrency)")
        print(Self.row("raw client → receiver (before)", rawBefore.rate, rawBefore.latencies))
        print(Self.row("raw client → receiver (after)", rawAfter.rate, rawAfter.latencies))
        print(Self.row("herald accept → receiver", deliveryRate, throughput))
        print("ratio deliveries / raw (mean of both): \(String(format: "%.2f", deliveryRate / ceiling))  (target ≥ 0.50)")
        if missing > 0 { print("missing deliveries: \(missing)") }

        // Phase 3: latency at a steady rate, one endpoint.
        guard pacedSeconds > 0 else {
            await target.stop()
            if drain { try await drainPhase(receiver: receiver, urls: urls, apiClient: apiClient, ceiling: ceiling) }
            return
        }
        receiver.reset()
        let pacedApp = try await target.setUp(client: apiClient, endpointURLs: [receiver.url(99)])
        let pacedSender = MessagePoster(baseURL: target.baseURL, token: target.token, app: pacedApp)
        let pacedAccepted = AcceptTimes()
        let total = rate * pacedSeconds
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<total {
                let due = start + .microseconds(Int64(index) * 1_000_000 / Int64(rate))
                if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                group.addTask { if let (id, at) = await pacedSender.post(index) { pacedAccepted.add(id, at) } }
            }
        }
        pacedSender.close()
        _ = await Self.waitFor(receiver, count: pacedAccepted.count, timeout: .seconds(60))
        let paced = Self.latencies(accepted: pacedAccepted.snapshot, arrivals: receiver.arrivalTimes)
        await target.stop()
        print(Self.row("at \(rate) messages/s, 1 endpoint", Double(pacedAccepted.count) / Double(pacedSeconds), paced)
              + "  (target p99 ≤ 20 ms)")
        if drain { try await drainPhase(receiver: receiver, urls: urls, apiClient: apiClient, ceiling: ceiling) }
    }

    /// Phase 4: `herald serve --role api` accepts the messages; a full server started on the same
    /// data then delivers the backlog: delivery without accepts competing for the cores.
    private func drainPhase(receiver: BenchReceiver, urls: [String], apiClient: HTTPClient, ceiling: Double) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-drain-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let token = "bench-drain-\(UUID().uuidString)"
        let accepting = try await BenchTarget.spawned(arguments: ["--role", "api", "--allowed-networks", "127.0.0.1/32"], directory: directory, token: token)
        let app = try await accepting.setUp(client: apiClient, endpointURLs: urls)
        let poster = MessagePoster(baseURL: accepting.baseURL, token: token, app: app)
        let accepted = AcceptTimes()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<Self.posters {
                group.addTask {
                    for index in stride(from: worker, to: messages, by: Self.posters) {
                        if let (id, at) = await poster.post(index) { accepted.add(id, at) }
                    }
                }
            }
        }
        poster.close()
        await accepting.stop()
        receiver.reset()
        let delivering = try await BenchTarget.spawned(arguments: ["--allowed-networks", "127.0.0.1/32"], directory: directory, token: token)
        let expected = accepted.count * urls.count
        let arrived = await Self.waitFor(receiver, count: expected, timeout: .seconds(300))
        await delivering.stop()
        let times = receiver.arrivalTimes.values
        guard let first = times.min(), let last = times.max(), last > first else {
            print("backlog phase: \(accepted.count) messages accepted, \(arrived) of \(expected) deliveries arrived")
            return
        }
        let drainRate = Double(arrived) / (last - first).seconds
        print("drain backlog (\(expected) deliveries)".padding(toLength: 34, withPad: " ", startingAt: 0)
              + String(format: "%9.0f /s", drainRate) + String(format: "   ratio to raw %.2f", drainRate / ceiling))
    }

    static func waitFor(_ receiver: BenchReceiver, count: Int, timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while receiver.count < count && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return receiver.count
    }

    static func latencies(accepted: [String: ContinuousClock.Instant], arrivals: [String: ContinuousClock.Instant]) -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        for (key, arrival) in arrivals {
            guard let id = key.split(separator: "#").first, let acceptedAt = accepted[String(id)] else { continue }
            let elapsed = arrival - acceptedAt
            _ = histogram.record(UInt64(max(1, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)))
        }
        return histogram
    }

    static func row(_ name: String, _ rate: Double, _ latencies: Histogram<UInt64>) -> String {
        func ms(_ percentile: Double) -> String { String(format: "%7.2f", Double(latencies.valueAtPercentile(percentile)) / 1000) }
        return name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + String(format: "%9.0f /s", rate) + "   p50 \(ms(50)) ms   p99 \(ms(99)) ms   p99.9 \(ms(99.9)) ms"
    }
}

/// Posts benchmark messages and notes when each was accepted, over ``LeanHTTPPoster`` so the
/// load generator leaves the cores to the server it measures.
struct MessagePoster: Sendable {
    let poster: LeanHTTPPoster
    let path: String
    let headers: [(String, String)]

    init(baseURL: String, token: String, app: String) {
        let address = baseURL.dropFirst("http://".count).split(separator: ":")
        poster = LeanHTTPPoster(host: String(address[0]), port: Int(address[1]) ?? 80)
        path = "/api/v1/apps/\(app)/messages"
        headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
    }

    func post(_ index: Int) async -> (String, ContinuousClock.Instant)? {
        guard let answer = try? await poster.post(path, headers: headers, body: ByteBuffer(string: #"{"eventType":"bench.event","payload":{"n":\#(index)}}"#)),
              answer.status == 202 else { return nil }
        let at = ContinuousClock.now
        let text = String(buffer: answer.body)
        guard let range = text.range(of: #""id":""#) else { return nil }
        return (String(text[range.upperBound...].prefix { $0 != "\"" }), at)
    }

    func close() { poster.close() }
}

/// Accept instants by message id, filled from many tasks.
final class AcceptTimes: Sendable {
    private let times = Mutex<[String: ContinuousClock.Instant]>([:])
    func add(_ id: String, _ at: ContinuousClock.Instant) { times.withLock { $0[id] = at } }
    var count: Int { times.withLock { $0.count } }
    var snapshot: [String: ContinuousClock.Instant] { times.withLock { $0 } }
}
