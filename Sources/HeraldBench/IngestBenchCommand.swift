import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `herald bench ingest`: durable message accepts per second against a trivial route's rate.
struct IngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Post messages to a Herald server and compare with the same client on a trivial route.",
        discussion: """
        Without --server it starts `herald serve --role api` (this executable) as a child process on a
        fresh data directory (SQLite, synchronous=FULL) and measures that: the durable accept path
        (message and delivery rows), without the dispatcher competing for the cores; `bench delivery`
        measures delivery.

        Examples:
          swift run -c release herald bench ingest
          swift run -c release herald bench ingest --messages 50000 --connections 64
          herald bench ingest --server http://127.0.0.1:8080 --token $HERALD_API_TOKEN
        """
    )

    @Option(help: "Messages to send.")
    var messages = 20_000

    @Option(help: "Concurrent connections.")
    var connections = 32

    @Option(help: "Payload size in bytes.")
    var payloadBytes = 256

    @Option(help: "Endpoints subscribed to the event type (one delivery row each per message).")
    var endpoints = 1

    @Option(help: "A PostgreSQL database (postgres://…) for the server the benchmark starts, instead of SQLite.")
    var database: String?

    @Option(help: "A running server to measure instead of an in-process one.")
    var server: String?

    @Option(help: "That server's API token. [HERALD_API_TOKEN]")
    var token: String?

    func run() async throws {
        let target: BenchTarget
        if let server {
            guard let token = token ?? ProcessInfo.processInfo.environment["HERALD_API_TOKEN"] else {
                throw ValidationError("--token (or HERALD_API_TOKEN) is needed with --server")
            }
            target = BenchTarget(baseURL: server, token: token, stop: {})
        } else {
            target = try await BenchTarget.spawned(arguments: ["--role", "api"] + (database.map { ["--database", $0] } ?? []))
        }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let app = try await target.setUp(client: client, endpoints: endpoints)
        let runner = LoadRunner(client: client, concurrency: connections)

        let liveURL = target.baseURL + "/health/live"
        _ = await runner.run(total: min(2000, messages), makeRequest: { _ in HTTPClientRequest(url: liveURL) }, isSuccess: { $0 == .ok })
        let trivial = await runner.run(total: messages, makeRequest: { _ in HTTPClientRequest(url: liveURL) }, isSuccess: { $0 == .ok })

        let filler = String(repeating: "x", count: max(0, payloadBytes - 40))
        let url = target.baseURL + "/api/v1/apps/\(app)/messages"
        let token = target.token
        let makeMessage: @Sendable (Int) -> HTTPClientRequest = { index in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"eventType":"bench.event","payload":{"n":\#(index),"fill":"\#(filler)"}}"#))
            return request
        }
        // Warm both sides (connections, statement caches, page cache) before measuring.
        _ = await runner.run(total: min(2000, messages), makeRequest: makeMessage, isSuccess: { $0 == .accepted })
        let ingest = await runner.run(total: messages, makeRequest: makeMessage, isSuccess: { $0 == .accepted })
        await target.stop()

        print("\(messages) messages of ~\(payloadBytes) bytes over \(connections) connections, \(endpoints) endpoint(s)")
        print(Self.row("trivial route (GET /health/live)", trivial))
        print(Self.row("durable accepts (POST messages)", ingest))
        print("ratio accepts / trivial: \(String(format: "%.2f", ingest.rate / trivial.rate))  (targets: ≥ 10000 accepts/s, ratio ≥ 0.40)")
        if ingest.failures > 0 { print("failures: \(ingest.failures)") }
    }

    static func row(_ name: String, _ report: LoadRunner.Report) -> String {
        name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + String(format: "%9.0f req/s   p50 %6.2f ms   p99 %6.2f ms", report.rate, report.percentileMilliseconds(50), report.percentileMilliseconds(99))
    }
}
