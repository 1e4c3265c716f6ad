import Foundation
import Herald
import HeraldReceiver
import HeraldReceiverHummingbird
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics

/// A WebhookReceiver on POST /webhooks of a real Hummingbird server on loopback, its inbox a
/// SQLite file in a fresh directory (or `inboxPath`), its handlers run as the server's service;
/// its time (when events are recorded, due and purged) is `clock`'s when one is given.
enum ReceiverServer {
    static func run<Result: Sendable>(_ configuration: ReceiverConfiguration, router: WebhookEventRouter, inboxPath: String? = nil,
                                      metrics: (any MetricsFactory)? = nil, runHandlers: Bool = true, clock: ManualClock? = nil,
                                      _ body: @Sendable (WebhookReceiver, any TestClientProtocol) async throws -> Result) async throws -> Result {
        let path = inboxPath ?? temporaryInboxPath()
        var logger = Logger(label: "receiver-test")
        logger.logLevel = .critical
        let receiver = try WebhookReceiver(configuration: configuration, inboxPath: path, router: router, logger: logger,
                                           metrics: metrics ?? NOOPMetricsHandler.instance,
                                           now: { clock?.now ?? Int64(Date().timeIntervalSince1970 * 1000) })
        let httpRouter = Router(context: WebhookRequestContext.self)
        httpRouter.addWebhookReceiver(receiver, at: "/webhooks")
        let application = Application(router: httpRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      services: runHandlers ? [receiver] : [], logger: logger)
        return try await application.test(.live) { client in try await body(receiver, client) }
    }

    static func temporaryInboxPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-receiver-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("inbox.sqlite").path
    }
}

extension TestClientProtocol {
    /// POSTs `webhook` to /webhooks.
    func post(_ webhook: SignedWebhook) async throws -> TestResponse {
        try await execute(uri: "/webhooks", method: .post, headers: webhook.headers, body: webhook.buffer)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }
}
