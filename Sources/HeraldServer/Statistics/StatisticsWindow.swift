import HeraldStore

/// The windows the statistics API answers for, with the buckets each reads.
enum StatisticsWindow: String, CaseIterable {
    case hour = "1h"
    case day = "24h"
    case week = "7d"

    /// The window of the `window` query parameter (default `24h`), or a 422 naming the choices.
    init(query: String?) throws {
        guard let query else { self = .day; return }
        guard let window = StatisticsWindow(rawValue: query) else {
            throw APIError.validation("window must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")); got '\(query)'")
        }
        self = window
    }

    /// Minutes for the hour, hours otherwise.
    var granularity: StatisticsGranularity { self == .hour ? .minute : .hour }

    /// How many buckets the window covers, the current one included.
    var bucketCount: Int64 {
        switch self {
        case .hour: 60
        case .day: 24
        case .week: 168
        }
    }

    /// The text of a bucket's size: `1m` or `1h`.
    var bucketName: String { self == .hour ? "1m" : "1h" }

    /// The starts of the first and the last bucket at `now`.
    func span(now: Int64) -> (first: Int64, last: Int64) {
        let last = granularity.bucketStart(now)
        return (last - (bucketCount - 1) * granularity.rawValue, last)
    }
}
