import AsyncHTTPClient
import Foundation
import HeraldDelivery
import Histogram

/// The phases of `herald bench delivery`.
extension DeliveryBenchCommand {
    /// Ceiling before, accept+deliver through a fresh server, ceiling after; prints the rows and
    /// returns the ceiling (the mean of both raw rates, per raw client).
    func throughputPhase(receiver: BenchReceiver, urls: [String], apiClient: HTTPClient) async throws -> (transport: Double, client: Double) {
        let concurrency = urls.count * DeliveryConfiguration().endpointConcurrency
        // This machine's rate drifts by ±10 % between runs: the ceiling is measured on both sides.
        receiver.reset()
        let rawBefore = try await RawCeiling.measure(concurrency: concurrency, urls: urls, total: messages * urls.count)
        receiver.reset()

        let target = try await BenchTarget.spawned(arguments: serverArguments)
        let app = try await target.setUp(client: apiClient, endpointURLs: urls)
        let poster = MessagePoster(baseURL: target.baseURL, token: target.token, app: app)
        let accepted = AcceptTimes()
        let begin = ContinuousClock.now
        await Self.post(messages, through: poster, into: accepted)
        let arrived = await Self.waitFor(receiver, count: accepted.count * urls.count, timeout: .seconds(300))
        await target.stop()
        let latencies = Self.latencies(accepted: accepted.snapshot, arrivals: receiver.arrivalTimes)
        let lastArrival = receiver.arrivalTimes.values.max() ?? ContinuousClock.now
        let deliveryRate = Double(arrived) / (lastArrival - begin).seconds
        let missing = accepted.count * urls.count - arrived
        receiver.reset()
        let rawAfter = try await RawCeiling.measure(concurrency: concurrency, urls: urls, total: messages * urls.count)
        receiver.reset()

        let ceiling = RawCeiling.mean(rawBefore, rawAfter)
        print("\(messages) messages × \(urls.count) endpoint(s); dispatcher concurrency \(concurrency)")
        Self.printCeiling(rawBefore, rawAfter)
        print(Self.row("herald accept → receiver", deliveryRate, latencies))
        print(Self.ratios("ratio deliveries / raw", deliveryRate, ceiling) + (urls.count == 1 ? "  (target ≥ 0.50)" : ""))
        if missing > 0 { print("missing deliveries: \(missing)") }
        return ceiling
    }

    /// Latency at a steady `--rate` to one endpoint.
    func pacedPhase(receiver: BenchReceiver, apiClient: HTTPClient) async throws {
        receiver.reset()
        let target = try await BenchTarget.spawned(arguments: serverArguments)
        let app = try await target.setUp(client: apiClient, endpointURLs: [receiver.url(99)])
        let poster = MessagePoster(baseURL: target.baseURL, token: target.token, app: app)
        let accepted = AcceptTimes()
        let warmUp = await Self.postPaced(rate: rate, seconds: pacedSeconds, through: [poster], into: accepted)
        poster.close()
        _ = await Self.waitFor(receiver, count: warmUp + accepted.count, timeout: .seconds(60))
        let paced = Self.latencies(accepted: accepted.snapshot, arrivals: receiver.arrivalTimes)
        await target.stop()
        receiver.reset()
        print(Self.row("at \(rate) messages/s, 1 endpoint, after \(Self.warmUpSeconds) s", Double(accepted.count) / Double(pacedSeconds), paced) + "  (target p99 ≤ 20 ms)")
    }

    /// `herald serve --role api` accepts `--messages` messages for endpoints at `urls`; a full
    /// server started on the same data then delivers the backlog, without accepts competing
    /// for the cores. Returns what the store recorded.
    func drainPhase(urls: [String], apiClient: HTTPClient, endpointOptions: String = "", extraArguments: [String] = []) async throws -> BenchDeliveryLedger.Tally {
        try await drainPhaseWithAccepts(urls: urls, apiClient: apiClient, endpointOptions: endpointOptions, extraArguments: extraArguments).tally
    }

    /// ``drainPhase(urls:apiClient:endpointOptions:extraArguments:)``, with the rate at which the
    /// API-only server accepted the messages (from the first acceptance to the last).
    func drainPhaseWithAccepts(urls: [String], apiClient: HTTPClient, endpointOptions: String = "",
                               extraArguments: [String] = []) async throws -> (tally: BenchDeliveryLedger.Tally, acceptsPerSecond: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-drain-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let token = "bench-drain-\(UUID().uuidString)"
        let accepting = try await BenchTarget.spawned(arguments: ["--role", "api"] + serverArguments + extraArguments, directory: directory, token: token)
        let app = try await accepting.setUp(client: apiClient, endpointURLs: urls, endpointOptions: endpointOptions)
        let poster = MessagePoster(baseURL: accepting.baseURL, token: token, app: app)
        let accepted = AcceptTimes()
        let started = ContinuousClock.now
        await Self.post(messages, through: poster, into: accepted)
        let acceptSeconds = Self.seconds(ContinuousClock.now - started)
        await accepting.stop()
        let delivering = try await BenchTarget.spawned(arguments: serverArguments + extraArguments, directory: directory, token: token)
        let ledger = try BenchDeliveryLedger(directory: directory)
        _ = try await ledger.waitForSucceeded(accepted.count * urls.count, timeout: .seconds(300))
        await delivering.stop()
        return (try ledger.tally(), Double(accepted.count) / max(acceptSeconds, 0.001))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// How long the paced phases post before they start measuring: the servers were just
    /// started, and their first second (connection pools growing, statements prepared, several
    /// processes dividing the endpoints between them) is not the steady state being measured.
    static let warmUpSeconds = 2

    /// Posts `rate` messages a second for ``warmUpSeconds`` (not recorded), then for `seconds`
    /// into `accepted`, each on its own schedule whatever the answers' speed, round-robin
    /// through `posters`. Returns how many were accepted during the warm-up.
    static func postPaced(rate: Int, seconds: Int, through posters: [MessagePoster], into accepted: AcceptTimes) async -> Int {
        let warmUp = AcceptTimes()
        await postPaced(rate: rate, count: rate * warmUpSeconds, through: posters, into: warmUp)
        await postPaced(rate: rate, count: rate * seconds, through: posters, into: accepted)
        return warmUp.count
    }

    private static func postPaced(rate: Int, count: Int, through posters: [MessagePoster], into accepted: AcceptTimes) async {
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let due = start + .microseconds(Int64(index) * 1_000_000 / Int64(rate))
                if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                let poster = posters[index % posters.count]
                group.addTask { if let (id, at) = await poster.post(index) { accepted.add(id, at) } }
            }
        }
    }

    /// Posts `count` messages from ``posters`` concurrent producers.
    static func post(_ count: Int, through poster: MessagePoster, into accepted: AcceptTimes) async {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<Self.posters {
                group.addTask {
                    for index in stride(from: worker, to: count, by: Self.posters) {
                        if let (id, at) = await poster.post(index) { accepted.add(id, at) }
                    }
                }
            }
        }
        poster.close()
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
}
