import Herald
import Foundation
import HeraldStore
import Logging
import ServiceLifecycle

/// Deletes messages (with their deliveries and attempts) older than the retention period, and
/// expired idempotency keys, in small batches so that no single transaction holds the writer long;
/// and expired test inboxes with what they received.
public struct RetentionService: Service, CustomStringConvertible {
    let store: any HeraldStore
    let retention: Duration
    let interval: Duration
    let batchSize: Int
    let logger: Logger
    let now: @Sendable () -> Int64

    /// A service that sweeps every `interval`.
    public init(store: any HeraldStore, retention: Duration, interval: Duration = .seconds(600), batchSize: Int = 500, logger: Logger,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.batchSize = batchSize
        self.logger = logger
        self.now = now
    }

    /// Its name and period, for the service group's log.
    public var description: String { "RetentionService(retention: \(retention))" }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            _ = await sweep()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Deletes everything past retention now; returns how many messages went.
    public func sweep() async -> Int {
        var total = 0
        while !Task.isCancelled {
            let time = now()
            guard let deleted = try? await store.deleteExpired(before: time - retention.milliseconds, idempotencyBefore: time - 24 * 3600 * 1000,
                                                               limit: batchSize) else { break }
            total += deleted
            if deleted < batchSize { break }
            await Task.yield()
        }
        if total > 0 { logger.info("retention removed old messages", metadata: ["count": "\(total)"]) }
        if let inboxes = try? await store.deleteExpiredTestInboxes(before: now()), inboxes > 0 {
            logger.info("retention removed expired test inboxes", metadata: ["count": "\(inboxes)"])
        }
        return total
    }
}
