import AsyncHTTPClient
import Foundation
import HeraldServer
import HeraldStore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The server a benchmark talks to: one given by URL, or one started in this process.
struct BenchTarget: Sendable {
    let baseURL: String
    let token: String
    let stop: @Sendable () async -> Void

    /// Starts Herald in this process on a temporary data directory and a free port.
    static func inProcess() async throws -> BenchTarget {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: SQLiteStore.databasePath(inDataDirectory: directory))
        var configuration = ServerConfiguration()
        configuration.port = 0
        let token = "bench-token"
        var logger = Logger(label: "herald-bench")
        logger.logLevel = .warning
        let port = PortBox()
        let app = HeraldHTTPApplication.application(store: store, configuration: configuration, tokenHash: APIToken.sha256Bytes(token), logger: logger) { bound in
            await port.set(bound)
        }
        let task = Task { try await app.run() }
        let bound = await port.wait()
        return BenchTarget(baseURL: "http://127.0.0.1:\(bound)", token: token) {
            task.cancel()
            _ = await task.result
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Creates an application, the `bench.event` type and `endpoints` endpoints; returns the app id.
    func setUp(client: HTTPClient, endpoints: Int) async throws -> String {
        let app = try await post(client, "/api/v1/apps", #"{"name":"bench"}"#)["id"] as? String ?? ""
        _ = try? await post(client, "/api/v1/event-types", #"{"name":"bench.event"}"#)
        for index in 0..<endpoints {
            _ = try await post(client, "/api/v1/apps/\(app)/endpoints", #"{"url":"https://bench-\#(index).example/hook","eventTypes":["bench.event"],"disabled":false}"#)
        }
        return app
    }

    private func post(_ client: HTTPClient, _ path: String, _ body: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
    }
}

/// The port the in-process server bound, handed from its start callback to the benchmark.
actor PortBox {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func set(_ value: Int) {
        port = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters.removeAll()
    }

    func wait() async -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
