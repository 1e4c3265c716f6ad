import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeraldReceiver
import NIOCore
import NIOHTTP1

/// `herald bench receive`: verified webhooks per second through HeraldReceiver, against the
/// same route without it, in one run.
struct ReceiveBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Post signed webhooks to a receiver route with and without HeraldReceiver, and compare.",
        discussion: """
        Starts one Hummingbird server in this process with three routes and posts the same signed
        webhooks (~\(ReceiveBenchRoutes.payloadBytes)-byte envelopes, each with its own webhook-id) to each:
          bare     reads the body and answers 200: the ceiling
          verify   the receiver's checks (size, signature, envelope) and nothing else
          inbox    the whole receiver: checks, the event recorded durably in its SQLite inbox
                   (synchronous = FULL, concurrent requests sharing commits), the handler run after
        Targets: verify ≥ 0.8 of bare; inbox ≥ 0.4 of bare and ≥ 5,000 events/s.

        Example:
          swift run -c release herald bench receive --requests 20000 --connections 32
        """
    )

    @Option(help: "Requests per route.")
    var requests = 20_000

    @Option(help: "Concurrent connections.")
    var connections = 32

    @Option(help: "Warm-up requests per route, before each route's measured ones.")
    var warmup = 2000

    @Option(help: "Folder for the inbox database (a fresh temporary one by default).")
    var directory: String?

    func run() async throws {
        let folder = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-receive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(at: folder) } }
        let routes = try ReceiveBenchRoutes(inboxPath: folder.appendingPathComponent("inbox.sqlite").path)

        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        defer { _ = client.shutdown() }
        let runner = LoadRunner(client: client, concurrency: connections)
        let total = requests
        let warmup = warmup
        // Signed before the clock starts: the benchmark measures the receiver, not the signer.
        let signed = ReceiveBenchRoutes.signedRequests(count: 2 * (total + warmup), secret: routes.secret)

        let reports = try await routes.serve { port in
            var reports = [String: LoadRunner.Report]()
            for (offset, route) in ["bare", "verify", "inbox"].enumerated() {
                let url = "http://127.0.0.1:\(port)/\(route)"
                // Each route gets its own ids: the inbox must see new events, not duplicates.
                let base = offset == 2 ? total + warmup : 0
                let makeRequest: @Sendable (Int) -> HTTPClientRequest = { index in signed[base + index].request(url: url) }
                if warmup > 0 { _ = await runner.run(total: warmup, makeRequest: makeRequest, isSuccess: { $0 == .ok }) }
                reports[route] = await runner.run(total: total, makeRequest: { makeRequest(warmup + $0) }, isSuccess: { $0 == .ok })
            }
            return reports
        }
        guard let bare = reports["bare"], let verify = reports["verify"], let inbox = reports["inbox"] else { return }
        print("\(total) signed webhooks per route over \(connections) connections, one process")
        print(IngestBenchCommand.row("bare route (read body, 200)", bare))
        print(IngestBenchCommand.row("verify (HeraldReceiver's checks)", verify))
        print(IngestBenchCommand.row("inbox (checks + durable inbox)", inbox))
        print(String(format: "ratio verify / bare: %.2f  (target ≥ 0.8)", verify.rate / bare.rate))
        print(String(format: "ratio inbox / bare:  %.2f  (target ≥ 0.4)   inbox %.0f events/s (target ≥ 5000)", inbox.rate / bare.rate, inbox.rate))
        let failures = bare.failures + verify.failures + inbox.failures
        if failures > 0 { print("failures: \(failures)") }
        print("inbox handled \(routes.handled.count) events in the background during the run")
    }
}
