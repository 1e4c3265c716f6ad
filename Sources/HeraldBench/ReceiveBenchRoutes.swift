import AsyncHTTPClient
import Foundation
import Herald
import HeraldReceiver
import HeraldReceiverHummingbird
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import Synchronization

/// The three routes `herald bench receive` compares, on one Hummingbird server.
struct ReceiveBenchRoutes: Sendable {
    let secret: WebhookSecret
    let receiver: WebhookReceiver
    let check: WebhookRequestCheck
    let handled = HandledCounter()

    /// The envelope's size, roughly.
    static let payloadBytes = 256

    init(inboxPath: String) throws {
        secret = try WebhookSecret.generate()
        let configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        let handled = self.handled
        var router = WebhookEventRouter()
        router.otherwise { _ in handled.add() }
        var logger = Logger(label: "bench-receive")
        logger.logLevel = .error
        receiver = try WebhookReceiver(configuration: configuration, inboxPath: inboxPath, router: router, logger: logger,
                                       metrics: NOOPMetricsHandler.instance)
        check = configuration.requestCheck
    }

    /// Runs the server on a free loopback port while `body` runs.
    func serve<Result: Sendable>(_ body: @escaping @Sendable (Int) async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("bare") { request, _ -> Response in
            _ = try await request.body.collect(upTo: ReceiverConfiguration.defaultMaximumBodyBytes)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"received":1,"duplicates":0}"#)))
        }
        let check = self.check
        router.post("verify") { request, context -> Response in
            let answer: ReceiverAnswer = switch try await IncomingWebhook.read(request, context: context, maximumBodyBytes: check.maximumBodyBytes) {
            case .success(let incoming):
                switch check.check(incoming) {
                case .success(let verified): .accepted(verified, new: verified.events.count, duplicates: 0)
                case .failure(let rejection): .rejected(rejection)
                }
            case .failure(let rejection): .rejected(rejection)
            }
            return answer.response
        }
        router.addWebhookReceiver(receiver, at: "inbox")
        var logger = Logger(label: "bench-receive")
        logger.logLevel = .critical  // the server is cancelled at the end, which it logs as an error
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      services: [receiver], onServerRunning: { channel in
                                          port.yield(channel.localAddress?.port ?? 0)
                                          port.finish()
                                      }, logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await application.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let listening = await iterator.next() else { throw CancellationError() }
            let result = try await body(listening)
            group.cancelAll()
            return result
        }
    }

    /// `count` webhooks signed with `secret`, each with its own id.
    static func signedRequests(count: Int, secret: WebhookSecret) -> [SignedBenchWebhook] {
        let signer = WebhookSigner(key: .symmetric(secret))
        let timestamp = Int64(Date().timeIntervalSince1970)
        let filler = String(repeating: "x", count: payloadBytes - 120)
        return (0..<count).map { index in
            let id = "msg_bench\(index)"
            let body = Array(#"{"type":"order.created","timestamp":"2026-12-07T05:00:00.000Z","data":{"n":\#(index),"fill":"\#(filler)"}}"#.utf8)
            return SignedBenchWebhook(body: ByteBuffer(bytes: body), headers: signer.headers(id: id, timestamp: timestamp, body: body))
        }
    }
}

/// One signed webhook, ready to post.
struct SignedBenchWebhook: Sendable {
    let body: ByteBuffer
    let headers: [(name: String, value: String)]

    func request(url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(body)
        return request
    }
}

/// Events the benchmark's handler ran.
final class HandledCounter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
