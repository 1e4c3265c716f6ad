import ArgumentParser
import AsyncHTTPClient
import Foundation
import Histogram

/// `herald bench scale`: delivery by several `herald serve` processes sharing one PostgreSQL
/// database, against the same work done by one (or on SQLite), and latency at a steady rate
/// accepted through all of them.
struct ScaleBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Drain a backlog with one or several processes, then measure accept→arrival latency across them.",
        discussion: """
        Starts a receiver in this process. Drain: `herald serve --role api` accepts --messages messages for
        --endpoints endpoints on the receiver; then --workers `herald serve --role worker` processes, started
        together on the same database, deliver the backlog; the rate runs from the first arrival to the last.
        Without --database the store is SQLite (then --workers must be 1). Paced (with --paced-seconds): that many
        full processes accept --rate messages/s between them, round-robin, for one endpoint; accept→arrival latency.

        scripts/bench-postgres.sh runs it for one and three processes on a throwaway PostgreSQL, beside SQLite and pgbench.

        Example: herald bench scale --database postgres://herald@127.0.0.1:5432/bench --workers 3 --endpoints 4
        """
    )

    @Option(help: "A PostgreSQL database (postgres://…) the processes share; SQLite when absent.")
    var database: String?

    @Option(help: "Delivering processes.")
    var workers = 1

    @Option(help: "Endpoints each message fans out to.")
    var endpoints = 4

    @Option(help: "Messages in the backlog.")
    var messages = 10_000

    @Option(help: "Messages per second in the paced phase, across all processes.")
    var rate = 500

    @Option(help: "Seconds of the paced phase, measured after 2 s of warm-up at the same rate (0 skips it).")
    var pacedSeconds = 0

    func validate() throws {
        if database == nil && workers != 1 { throw ValidationError("several processes need a shared database: give --database") }
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1 to 16") }
    }

    func run() async throws {
        let apiClient = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = apiClient.shutdown() }
        let receiver = try await BenchReceiver.start()
        defer { receiver.stop() }
        let store = database == nil ? "SQLite" : "PostgreSQL"
        let rate = try await drain(receiver: receiver, apiClient: apiClient)
        print("drain, \(messages) messages × \(endpoints) endpoint(s), \(workers) process(es) on \(store): " + String(format: "%.0f deliveries/s", rate))
        if pacedSeconds > 0 {
            let latencies = try await paced(receiver: receiver, apiClient: apiClient)
            print(DeliveryBenchCommand.row("\(self.rate)/s via \(workers) processes, after \(DeliveryBenchCommand.warmUpSeconds) s", latencies.rate, latencies.histogram) + "  (target p99 ≤ 50 ms)")
        }
    }

    /// What each process is started with.
    var storeArguments: [String] {
        ["--allowed-networks", "127.0.0.1/32"] + (database.map { ["--database", $0] } ?? [])
    }

    /// The backlog accepted by an API-only process, then delivered by `workers` processes
    /// started together; deliveries per second from the first arrival to the last.
    func drain(receiver: BenchReceiver, apiClient: HTTPClient) async throws -> Double {
        receiver.reset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-scale-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let token = "bench-scale-\(UUID().uuidString)"
        let accepting = try await BenchTarget.spawned(arguments: ["--role", "api"] + storeArguments, directory: directory, token: token)
        let urls = (0..<endpoints).map { receiver.url($0) }
        let app = try await accepting.setUp(client: apiClient, endpointURLs: urls)
        let poster = MessagePoster(baseURL: accepting.baseURL, token: token, app: app)
        let accepted = AcceptTimes()
        await DeliveryBenchCommand.post(messages, through: poster, into: accepted)
        await accepting.stop()
        let expected = accepted.count * endpoints
        let delivering = try await withThrowingTaskGroup(of: BenchTarget.self) { group in
            for _ in 0..<workers {
                group.addTask { try await BenchTarget.spawned(arguments: ["--role", "worker"] + storeArguments, directory: directory, token: token) }
            }
            return try await group.reduce(into: [BenchTarget]()) { $0.append($1) }
        }
        let arrived = await DeliveryBenchCommand.waitFor(receiver, count: expected, timeout: .seconds(600))
        for target in delivering { await target.stop() }
        let times = receiver.arrivalTimes.values
        guard let first = times.min(), let last = times.max(), arrived > 1 else { return 0 }
        if arrived < expected { print("  only \(arrived) of \(expected) deliveries arrived") }
        return Double(arrived) / (last - first).seconds
    }

    /// `workers` full processes accept `rate` messages/s between them for one endpoint.
    func paced(receiver: BenchReceiver, apiClient: HTTPClient) async throws -> (rate: Double, histogram: Histogram<UInt64>) {
        receiver.reset()
        let token = "bench-scale-\(UUID().uuidString)"
        var targets = [BenchTarget]()
        for _ in 0..<workers { targets.append(try await BenchTarget.spawned(arguments: storeArguments, token: token)) }
        let app = try await targets[0].setUp(client: apiClient, endpointURLs: [receiver.url(99)])
        let posters = targets.map { MessagePoster(baseURL: $0.baseURL, token: token, app: app) }
        let accepted = AcceptTimes()
        let warmUp = await DeliveryBenchCommand.postPaced(rate: rate, seconds: pacedSeconds, through: posters, into: accepted)
        for poster in posters { poster.close() }
        _ = await DeliveryBenchCommand.waitFor(receiver, count: warmUp + accepted.count, timeout: .seconds(60))
        let histogram = DeliveryBenchCommand.latencies(accepted: accepted.snapshot, arrivals: receiver.arrivalTimes)
        for target in targets { await target.stop() }
        return (Double(accepted.count) / Double(pacedSeconds), histogram)
    }
}
