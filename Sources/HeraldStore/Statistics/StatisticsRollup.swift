/// What a batch of attempts or messages adds to the statistics: one row per endpoint (or
/// application) and bucket, in both granularities, so that a store writes a handful of upserts
/// per transaction however many attempts it records.
public enum StatisticsRollup {
    /// One bucket's addition for one endpoint, or for one application's endpoints together.
    public struct AttemptRow: Sendable, Equatable {
        /// The endpoint, or ``applicationRowPrefix`` and the application's id.
        public var endpointID: String
        /// Its application.
        public var appID: String
        /// The bucket's size.
        public var granularity: StatisticsGranularity
        /// The figures to add; `start` is the bucket's.
        public var bucket: StatisticsBucket
        /// The latest successful attempt's start among those added, if any.
        public var lastSuccessAt: Int64?
        /// The latest failed attempt among those added, if any.
        public var lastFailure: AttemptFailureNote?
    }

    /// One bucket's addition of accepted messages for one application.
    public struct MessageRow: Sendable, Equatable {
        /// The application.
        public var appID: String
        /// The bucket's size.
        public var granularity: StatisticsGranularity
        /// The bucket's start.
        public var start: Int64
        /// Messages accepted in it.
        public var messages: Int
    }

    /// The prefix of the rows that add up a whole application's attempts: their "endpoint" is
    /// `*` and the application's id, so that an application's figures read one row per bucket
    /// however many endpoints it has. No endpoint id starts with `*`.
    public static let applicationRowPrefix = "*"

    /// The rows `attempts` add, grouped by endpoint and bucket, and by application (see
    /// ``applicationRowPrefix``), in a stable order (so that concurrent writers lock rows in the
    /// same order).
    public static func attemptRows(_ attempts: [AttemptRecord]) -> [AttemptRow] {
        struct Key: Hashable { let endpointID: String; let granularity: Int64; let start: Int64 }
        var rows = [Key: AttemptRow]()
        for attempt in attempts {
            for granularity in StatisticsGranularity.allCases {
                for rowID in [attempt.endpointID, applicationRowPrefix + attempt.appID] {
                    let start = granularity.bucketStart(attempt.startedAt)
                    let key = Key(endpointID: rowID, granularity: granularity.rawValue, start: start)
                    var row = rows[key] ?? AttemptRow(endpointID: rowID, appID: attempt.appID, granularity: granularity,
                                                      bucket: StatisticsBucket(start: start))
                    row.bucket.count(attempt)
                    if attempt.succeeded {
                        row.lastSuccessAt = max(row.lastSuccessAt ?? .min, attempt.startedAt)
                    } else if row.lastFailure.map({ $0.at <= attempt.startedAt }) ?? true {
                        row.lastFailure = AttemptFailureNote(attempt)
                    }
                    rows[key] = row
                }
            }
        }
        return rows.values.sorted { ($0.endpointID, $0.granularity.rawValue, $0.bucket.start) < ($1.endpointID, $1.granularity.rawValue, $1.bucket.start) }
    }

    /// The rows of messages accepted for `appIDs` (one entry per message) at `now`.
    public static func messageRows(appIDs: [String], now: Int64) -> [MessageRow] {
        var counts = [String: Int]()
        for appID in appIDs { counts[appID, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.flatMap { appID, count in
            StatisticsGranularity.allCases.map { MessageRow(appID: appID, granularity: $0, start: $0.bucketStart(now), messages: count) }
        }
    }
}
