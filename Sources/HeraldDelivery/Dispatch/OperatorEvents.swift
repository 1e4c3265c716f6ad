import AsyncHTTPClient
import Foundation
import Herald
import Logging
import NIOCore
import NIOHTTP1

/// Operational events (`message.attempt.failing`, `message.attempt.exhausted`,
/// `endpoint.disabled`, `endpoint.recovered`): always logged, and POSTed, signed with their own
/// secret, to the operator's webhook URL when one is configured (a few tries, then dropped).
final class OperatorEvents: Sendable {
    private let client: HTTPClient
    private let url: String?
    private let signer: WebhookSigner?
    private let logger: Logger
    private let now: @Sendable () -> Int64

    init(client: HTTPClient, url: String?, secret: WebhookSecret?, logger: Logger, now: @escaping @Sendable () -> Int64) {
        self.client = client
        self.url = url
        self.signer = secret.map { WebhookSigner(key: .symmetric($0)) }
        self.logger = logger
        self.now = now
    }

    func emit(_ type: String, _ data: [String: String]) {
        logger.warning("operational event", metadata: ["event": "\(type)"].merging(data.mapValues { "\($0)" }) { $1 })
        guard let url, let signer else { return }
        let body = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])).map(Array.init) ?? Array("{}".utf8)
        let envelope = EventEnvelope(type: type, timestamp: Date(timeIntervalSince1970: Double(now()) / 1000), data: body).encoded()
        let id = PrefixedIDGenerator.shared.next(.message).rawValue
        let client = self.client
        let logger = self.logger
        let now = self.now
        Task {
            for delay in [0, 1, 5, 30] {
                if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
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
}
