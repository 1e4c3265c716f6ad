// docs/receiving.md's "From zero" example, compiled here so that it cannot stop compiling
// unnoticed: ReceivingGuideExampleTests checks that the guide's code block is this file from
// its first `import` on, and runs it.

import Foundation
import HeraldListener
import HeraldReceiver
import HeraldReceiverHummingbird
import Hummingbird
import Logging

struct OrderCreated: Decodable, Sendable { let id: String; let total: Int }
struct LegacyOrder: Decodable, Sendable {
    let order: String
    func upgraded() -> OrderCreated { OrderCreated(id: order, total: 0) }
}

/// Your work for an order. It runs after the 2xx, with a deadline; throwing retries it later.
func fulfil(_ order: OrderCreated) async throws {}

/// POST /webhooks: verified, recorded in the inbox at `inboxPath`, handled in the background.
func webhookServer(secret: String, senders: String, inboxPath: String, port: Int, logger: Logger) throws -> some ApplicationProtocol {
    // 1. What each event type needs. Runs after the 2xx; throwing retries it later.
    var events = WebhookEventRouter()
    events.on("order.created", version: "2", as: OrderCreated.self) { order, event in
        try await fulfil(order)                    // event.id is the idempotency key
    }
    events.on("order.created", as: LegacyOrder.self) { order, _ in
        try await fulfil(order.upgraded())         // any other version of the type
    }
    events.otherwise { event in
        logger.notice("no handler yet", metadata: ["type": "\(event.type)"])
    }

    // 2. The receiver: the endpoint's secret (both during a rotation), the senders' networks,
    //    where its inbox lives.
    var configuration = try ReceiverConfiguration(secrets: [secret])
    configuration.handlerTimeout = .seconds(30)
    configuration.allowlist = try SourceAllowlist(parsing: senders, trustedProxies: "10.0.0.0/8")
    let receiver = try WebhookReceiver(configuration: configuration, inboxPath: inboxPath, router: events, logger: logger)

    // 3. Mount it, and run it as a service beside the server (it runs the handlers). The
    //    context carries the caller's address, which the allowlist needs.
    let router = Router(context: WebhookRequestContext.self)
    router.addWebhookReceiver(receiver, at: "/webhooks")
    return Application(router: router, server: .herald(ListenerConfiguration(), logger: logger),
                       configuration: .init(address: .hostname("0.0.0.0", port: port)), services: [receiver], logger: logger)
}

/// What `main.swift` (or an `@main` type) calls.
func runWebhookServer() async throws {
    let logger = Logger(label: "webhooks")
    let server = try webhookServer(secret: ProcessInfo.processInfo.environment["WEBHOOK_SECRET"] ?? "",
                                   senders: "203.0.113.0/24", inboxPath: "webhooks.sqlite", port: 8000, logger: logger)
    try await server.runService()
}
