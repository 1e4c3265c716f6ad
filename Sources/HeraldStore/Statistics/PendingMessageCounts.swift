import Synchronization

/// Accepted messages counted in memory until a store adds them to its message statistics in
/// one write, at most about once a second: counting them in each accept's own commit cost two
/// upserts per group commit, several percent of the accept path. A crash loses the counts not
/// yet written (never a message); a store writes them before it reads or deletes statistics,
/// so what the API shows is exact.
public final class PendingMessageCounts: Sendable {
    private struct Key: Hashable {
        let appID: String
        let granularity: StatisticsGranularity
        let start: Int64
    }

    private let state = Mutex<(counts: [Key: Int], lastTaken: ContinuousClock.Instant)>(([:], .now))

    /// How long counts wait for company before ``takeIfDue()`` hands them out.
    public static let flushInterval = Duration.seconds(1)

    /// Empty.
    public init() {}

    /// Counts accepted messages, one application id per message, in the buckets of `now`.
    public func add(appIDs: [String], now: Int64) {
        guard !appIDs.isEmpty else { return }
        let rows = StatisticsRollup.messageRows(appIDs: appIDs, now: now)
        state.withLock { state in
            for row in rows { state.counts[Key(appID: row.appID, granularity: row.granularity, start: row.start), default: 0] += row.messages }
        }
    }

    /// Every count waiting, ordered by application, granularity and bucket (so that two writers
    /// touch rows in one order), and none left behind.
    public func take() -> [StatisticsRollup.MessageRow] {
        let counts = state.withLock { state in
            state.lastTaken = .now
            defer { state.counts = [:] }
            return state.counts
        }
        return counts.map { StatisticsRollup.MessageRow(appID: $0.key.appID, granularity: $0.key.granularity, start: $0.key.start, messages: $0.value) }
            .sorted { ($0.appID, $0.granularity.rawValue, $0.start) < ($1.appID, $1.granularity.rawValue, $1.start) }
    }

    /// ``take()`` when counts are waiting and the last take is at least ``flushInterval`` ago;
    /// otherwise nothing.
    public func takeIfDue() -> [StatisticsRollup.MessageRow] {
        let due = state.withLock { !$0.counts.isEmpty && ContinuousClock.now - $0.lastTaken >= Self.flushInterval }
        return due ? take() : []
    }

    /// Puts back counts whose write failed, for the next one.
    public func restore(_ rows: [StatisticsRollup.MessageRow]) {
        state.withLock { state in
            for row in rows { state.counts[Key(appID: row.appID, granularity: row.granularity, start: row.start), default: 0] += row.messages }
        }
    }

    /// Forgets an application's counts (it was deleted with its statistics).
    public func drop(appID: String) {
        state.withLock { state in state.counts = state.counts.filter { $0.key.appID != appID } }
    }
}
