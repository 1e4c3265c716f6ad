import AsyncHTTPClient
import Foundation
import Herald
import Logging
import NIOCore
import NIOHTTP1

/// Operational events (`message.attempt.failing`, `message.attempt.exhausted`,
/// `endpoint.disabled`, `endpoint.recovered`, `alert.fired`, `alert.resolved`): always logged,
/// and POSTed, signed with their own secret, to the operator's webhook URL when one is
/// configured (a few tries, then dropped).
///
/// ``emit(_:)`` never waits; ``run()``, a child task of the dispatcher's, sends what was
/// emitted, a bounded number at once, and drops events when the operator webhook falls far
/// behind (they are in the log either way).
final class OperatorEvents: Sendable {
    private let client: HTTPClient
    private let url: String?
    private let signer: WebhookSigner?
    private let logger: Logger
    private let now: @Sendable () -> Int64
    private let outbox: AsyncStream<(type: String, body: [UInt8])>
    private let outboxInput: AsyncStream<(type: String, body: [UInt8])>.Continuation

    /// Events waiting to be sent beyond this many are dropped.
    static let outboxCapacity = 1000
    /// Events sent at once.
    static let concurrentSends = 16
    /// Seconds before each try.
    static let tryDelays = [0, 1, 5, 30]

    init(client: HTTPClient, url: String?, secret: WebhookSecret?, logger: Logger, now: @escaping @Sendable () -> Int64) {
        self.client = client
        self.url = url
        self.signer = secret.map { WebhookSigner(key: .symmetric($0)) }
        self.logger = logger
        self.now = now
        (outbox, outboxInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(Self.outboxCapacity))
    }

    /// Logs the event (an alert's own line is the evaluator's: `alert fired` at warning,
    /// `alert resolved` at notice, so it is not logged twice) and queues it for the operator webhook.
    func emit(_ event: OperatorEvent) {
        guard let type = event.type else {
            if case .circuitOpened = event { logger.warning("circuit opened", metadata: event.details.mapValues { "\($0)" }) }
            return
        }
        if case .alert = event {} else {
            logger.warning("operational event", metadata: ["event": "\(type)"].merging(event.details.mapValues { "\($0)" }) { $1 })
        }
        guard url != nil else { return }
        let body = (try? JSONSerialization.data(withJSONObject: event.details, options: [.sortedKeys])).map(Array.init) ?? Array("{}".utf8)
        if case .dropped = outboxInput.yield((type, body)) {
            logger.error("operator webhook far behind: event dropped", metadata: ["event": "\(type)"])
        }
    }

    /// Sends queued events until cancelled.
    func run() async {
        guard let url, let signer else { return }
        await withTaskGroup(of: Void.self) { group in
            var sending = 0
            for await (type, body) in outbox {
                if sending >= Self.concurrentSends {
                    await group.next()
                    sending -= 1
                }
                sending += 1
                group.addTask { await self.send(type: type, data: body, to: url, signer: signer) }
            }
        }
    }

    private func send(type: String, data: [UInt8], to url: String, signer: WebhookSigner) async {
        let envelope = EventEnvelope(type: type, timestamp: Date(timeIntervalSince1970: Double(now()) / 1000), data: data).encoded()
        let id = PrefixedIDGenerator.shared.next(.message).rawValue
        for delay in Self.tryDelays {
            if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
            if Task.isCancelled { return }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: WebhookSender.userAgent)
            for (name, value) in signer.headers(id: id, timestamp: now() / 1000, body: envelope) { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: envelope))
            if let response = try? await client.execute(request, timeout: .seconds(10)), (200...299).contains(response.status.code) {
                return
            }
        }
        logger.error("operator webhook not delivered", metadata: ["event": "\(type)"])
    }
}
