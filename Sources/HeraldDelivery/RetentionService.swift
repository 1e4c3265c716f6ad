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

    /// How long minute buckets of statistics are kept, in milliseconds: a day.
    static let statisticsMinutesKept: Int64 = 24 * 3600 * 1000
    /// How long hour buckets are kept at least, in milliseconds: the longest window (7 days) and a day.
    static let statisticsHoursKept: Int64 = 8 * 24 * 3600 * 1000

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
        // Minute buckets serve the last hour's figures and the alert rules (which look back an
        // hour at most): a day of them is plenty. Hour buckets serve up to seven days, and are
        // kept as long as the messages they count when that is longer.
        let time = now()
        let hoursBefore = min(time - retention.milliseconds, time - Self.statisticsHoursKept)
        if let buckets = try? await store.deleteExpiredStatistics(minutesBefore: time - Self.statisticsMinutesKept, hoursBefore: hoursBefore), buckets > 0 {
            logger.debug("retention removed old statistics buckets", metadata: ["count": "\(buckets)"])
        }
        if let inboxes = try? await store.deleteExpiredTestInboxes(before: now()), inboxes > 0 {
            logger.info("retention removed expired test inboxes", metadata: ["count": "\(inboxes)"])
        }
        // A day after they expired, portal links go: until then the portal can still tell whoever
        // opens one that it expired rather than that it never existed.
        if let links = try? await store.deleteExpiredPortalLinks(before: now() - 86_400_000), links > 0 {
            logger.debug("retention removed expired portal links", metadata: ["count": "\(links)"])
        }
        return total
    }
}
