import Logging
import NIOCore
import Synchronization

/// Counts the listener's open connections and refuses those beyond
/// ``ListenerConfiguration/maxConnections``. Shared by every event loop of one server.
///
/// A refused connection is closed straight after `accept`, before it is registered with an
/// event loop: it costs no pipeline, no read, no timer and no buffered answer, so a flood of
/// them cannot take what the limit protects (descriptors, memory) from the connections already
/// open. Its client sees the connection closed at once, not a hang in the kernel's backlog.
final class ConnectionLimiter: Sendable {
    private let maximum: Int
    private let open = Atomic<Int>(0)
    private let refusals = Mutex(RefusalLog())
    private let logger: Logger

    /// Refusals since the last warning, so that a flood is logged now and then, not per connection.
    private struct RefusalLog {
        var count = 0
        var lastWarning: ContinuousClock.Instant?
    }

    /// How often at most a flood of refusals is logged.
    private static let warningInterval = Duration.seconds(10)

    /// A limiter of `maximum` connections.
    init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    /// The connections counted as open now.
    var openConnections: Int { open.load(ordering: .relaxed) }

    /// Counts `channel` as open until it closes and answers true, or answers false when the
    /// limit is reached (the caller closes it; it is not counted).
    func admit(_ channel: any Channel) -> Bool {
        let count = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= maximum else {
            open.wrappingSubtract(1, ordering: .relaxed)
            noteRefusal()
            return false
        }
        channel.closeFuture.whenComplete { _ in
            self.open.wrappingSubtract(1, ordering: .relaxed)
        }
        return true
    }

    private func noteRefusal() {
        let now = ContinuousClock.now
        let refused: Int? = refusals.withLock { log in
            log.count += 1
            if let last = log.lastWarning, now - last < Self.warningInterval { return nil }
            defer { log = RefusalLog(count: 0, lastWarning: now) }
            return log.count
        }
        if let refused {
            logger.warning("Connection limit reached: \(maximum) open (--max-connections); refused \(refused) since the last such warning")
        }
    }
}
