import CoreMetrics
import Foundation
import Herald
import Logging
import Metrics
import ServiceLifecycle

/// The receiving side of webhooks, for any Standard Webhooks sender, independent of the web
/// framework: ``receive(_:)`` checks a request (method, size, source, signature, body),
/// records its events durably in the inbox — de-duplicated by `webhook-id`, and by each
/// member's `"id"` in a batch — and answers; ``run()`` runs the handlers in the background.
///
/// ```swift
/// var router = WebhookEventRouter()
/// router.on("order.created", as: Order.self) { order, _ in try await fulfil(order) }
/// let receiver = try WebhookReceiver(configuration: try ReceiverConfiguration(secrets: [secret]),
///                                    inboxPath: "webhooks.sqlite", router: router)
/// // serve receiver.receive(request) on POST /webhooks; run receiver as a Service
/// ```
///
/// A 2xx answer means the event is on disk: a crash after it loses nothing, and a restart
/// runs what was not yet handled. A duplicate answers 2xx and does not run again.
public final class WebhookReceiver: Service, Sendable {
    /// The settings it runs with.
    public let configuration: ReceiverConfiguration
    let check: WebhookRequestCheck
    let store: InboxStore
    let processor: InboxProcessor
    let metrics: ReceiverMetrics
    let logger: Logger

    /// A receiver whose inbox is the SQLite database at `inboxPath` (created when missing),
    /// whose handlers `router` picks. Metrics go to `metrics` (the process's bootstrapped
    /// factory by default).
    public init(configuration: ReceiverConfiguration, inboxPath: String, router: WebhookEventRouter,
                logger: Logger = Logger(label: "herald.receiver"), metrics: any MetricsFactory = MetricsSystem.factory,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        self.configuration = configuration
        self.check = configuration.requestCheck
        self.store = try InboxStore(path: inboxPath, now: now)
        self.metrics = ReceiverMetrics(factory: metrics)
        self.logger = logger
        self.processor = InboxProcessor(store: store, router: router, configuration: configuration, metrics: self.metrics,
                                        logger: logger, signal: WakeSignal(), now: now)
    }

    /// Checks `request`, records its new events and answers. Never throws: every outcome is
    /// an answer (a rejection says which check failed).
    public func receive(_ request: IncomingWebhook) async -> ReceiverAnswer {
        metrics.received.increment()
        let verified: VerifiedWebhook
        switch check.check(request) {
        case .success(let request):
            verified = request
        case .failure(let rejection):
            return reject(rejection, request: request)
        }
        metrics.verified.increment()
        var metadata: Logger.Metadata = ["webhook.id": "\(verified.requestID)", "webhook.events": "\(verified.events.count)"]
        let fresh: [Bool]
        do {
            fresh = try await store.record(verified.events)
        } catch {
            metadata["error"] = "\(error)"
            logger.error("could not record a verified webhook; answering 503 so that the sender retries", metadata: metadata)
            return reject(ReceiverRejection(.inboxUnavailable, "the inbox could not record the event; retry later"), request: request, logged: true)
        }
        let new = fresh.filter { $0 }.count
        let duplicates = fresh.count - new
        if duplicates > 0 { metrics.duplicates.increment(by: duplicates) }
        if new > 0 { processor.signal.ring() }
        metadata["webhook.new"] = "\(new)"
        if let type = verified.events.first?.type, !verified.isBatch { metadata["webhook.type"] = "\(type)" }
        logger.info(new == 0 ? "duplicate webhook: already recorded, not run again" : "webhook verified and recorded", metadata: metadata)
        return .accepted(verified, new: new, duplicates: duplicates)
    }

    private func reject(_ rejection: ReceiverRejection, request: IncomingWebhook, logged: Bool = false) -> ReceiverAnswer {
        metrics.rejected(rejection.code)
        if !logged {
            var metadata: Logger.Metadata = ["reason": "\(rejection.code.rawValue)", "detail": "\(rejection.message)"]
            if let id = request.headers[WebhookHeaders.id] { metadata["webhook.id"] = "\(id.prefix(128))" }
            if let peer = request.peer { metadata["peer"] = "\(peer)" }
            logger.warning("webhook rejected", metadata: metadata)
        }
        return .rejected(rejection)
    }

    /// Runs the handlers until the service group shuts down gracefully (then it starts no more
    /// runs, and returns once those in progress have ended, each within the handler timeout,
    /// and been recorded) or the task is cancelled (then the handlers running are cancelled,
    /// and their events stay pending as they were and run again at the next start).
    public func run() async throws {
        await withGracefulShutdownHandler {
            await self.processor.run()
        } onGracefulShutdown: {
            self.processor.stop()
        }
    }

    // MARK: The inbox

    /// One event and where its processing stands.
    public func event(id: String) async throws -> InboxRecord? {
        try await store.record(id: id)
    }

    /// Events whose handler kept failing, most recent first.
    public func deadLetters(limit: Int = 100) async throws -> [InboxRecord] {
        try await store.list(status: .dead, limit: limit)
    }

    /// Events no handler took, most recent first.
    public func unhandledEvents(limit: Int = 100) async throws -> [InboxRecord] {
        try await store.list(status: .unhandled, limit: limit)
    }

    /// Runs dead letters and unhandled events again, from a first attempt: those named, or all
    /// when `ids` is nil. Returns how many were queued.
    @discardableResult
    public func replay(_ ids: [String]? = nil) async throws -> Int {
        let replayed = try await store.replay(ids, from: [.dead, .unhandled])
        if replayed > 0 { processor.signal.ring() }
        logger.info("replaying dead letters", metadata: ["count": "\(replayed)"])
        return replayed
    }
}
