import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The server a benchmark talks to: one given by URL, or a `herald serve` child process.
struct BenchTarget: Sendable {
    let baseURL: String
    let token: String
    let stop: @Sendable () async -> Void

    /// Starts `herald serve` as a child process (this same executable) on a temporary data
    /// directory and a free loopback port, so the server has its own threads, as in production.
    /// `directory` and `token` let a second server take over the first one's data; the
    /// directory is removed on stop only when this call made it.
    static func spawned(arguments extra: [String] = [], directory given: String? = nil, token givenToken: String? = nil) async throws -> BenchTarget {
        let directory = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-\(UUID().uuidString)").path
        let token = givenToken ?? "bench-token-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", directory, "--api-token", token, "--log-level", "info"] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let port = try await Self.listeningPort(pipe.fileHandleForReading, process: process)
        pipe.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        return BenchTarget(baseURL: "http://127.0.0.1:\(port)", token: token) {
            process.terminate()
            process.waitUntilExit()
            if given == nil { try? FileManager.default.removeItem(atPath: directory) }
        }
    }

    /// Reads the server's output until its "Herald listening on http://host:port" line.
    private static func listeningPort(_ handle: FileHandle, process: Process) async throws -> Int {
        var text = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, process.isRunning {
            let data = handle.availableData
            if data.isEmpty { try await Task.sleep(for: .milliseconds(10)); continue }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: "Herald listening on http://"), let colon = text[range.upperBound...].firstIndex(of: ":") {
                let digits = text[text.index(after: colon)...].prefix { $0.isNumber }
                if let port = Int(digits), text[text.index(after: colon)...].dropFirst(digits.count).first == "," { return port }
            }
        }
        process.terminate()
        throw ValidationError("herald serve did not start: \(text)")
    }

    /// Creates an application, the `bench.event` type and `endpoints` endpoints; returns the app id.
    func setUp(client: HTTPClient, endpoints: Int) async throws -> String {
        try await setUp(client: client, endpointURLs: (0..<endpoints).map { "https://bench-\($0).example/hook" })
    }

    /// Creates an application, the `bench.event` type and one endpoint per URL, each with
    /// `endpointOptions` (more JSON members, e.g. `,"batch":{…}`); returns the app id.
    func setUp(client: HTTPClient, endpointURLs: [String], endpointOptions: String = "") async throws -> String {
        let app = try await post(client, "/api/v1/apps", #"{"name":"bench"}"#)["id"] as? String ?? ""
        _ = try? await post(client, "/api/v1/event-types", #"{"name":"bench.event"}"#)
        for url in endpointURLs {
            let endpoint = try await post(client, "/api/v1/apps/\(app)/endpoints", #"{"url":"\#(url)","eventTypes":["bench.event"]\#(endpointOptions)}"#)
            guard endpoint["id"] is String else { throw ValidationError("could not create the endpoint \(url): \(endpoint)") }
        }
        return app
    }

    func post(_ client: HTTPClient, _ path: String, _ body: String) async throws -> [String: Any] {
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
