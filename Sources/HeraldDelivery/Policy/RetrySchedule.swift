import Foundation

/// The delays between attempts: after the first attempt fails, wait `delays[0]`, and so on;
/// when every delay is used the delivery is exhausted. Each delay gets ±`jitter` randomness
/// so that retries of many messages do not arrive together.
public struct RetrySchedule: Sendable, Equatable {
    /// Seconds between consecutive attempts.
    public let delays: [Int]
    /// The fraction by which each delay may vary, either way.
    public let jitter: Double

    /// DESIGN.md's default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    public static let standard = RetrySchedule(delays: [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400])

    /// A schedule of the given delays (seconds).
    public init(delays: [Int], jitter: Double = 0.2) {
        self.delays = delays
        self.jitter = jitter
    }

    /// The longest delay a schedule may hold, the same as the API allows an endpoint's: 7 days.
    public static let longestDelaySeconds = 7 * 86400

    /// Reads `5s,5m,30m,2h,1d` (units s, m, h, d; a bare number is seconds), each at most 7 days.
    public init(parsing text: String) throws(DeliveryConfigurationError) {
        var delays = [Int]()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let seconds = Self.seconds(item), (0...Self.longestDelaySeconds).contains(seconds) else {
                throw DeliveryConfigurationError("retry schedule entry '\(item)' is not a duration from 0s to 7d such as 5s, 5m, 2h or 1d")
            }
            delays.append(seconds)
        }
        guard !delays.isEmpty, delays.count <= 50 else {
            throw DeliveryConfigurationError("a retry schedule needs 1 to 50 delays, e.g. 5s,5m,30m")
        }
        self.init(delays: delays)
    }

    /// Seconds in a duration such as `15s`, `5m`, `2h`, `1d` or `30`.
    /// Nil for anything else, and for a duration too long to count in seconds.
    public static func seconds(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = units[last] else { return Int(text) }
        guard let count = Int(text.dropLast()) else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unit)
        return overflow ? nil : seconds
    }

    /// The total number of attempts the schedule allows: the first plus one per delay.
    public var maximumAttempts: Int { delays.count + 1 }

    /// The delay, in milliseconds, before the attempt after attempt number `attemptsMade`
    /// (1-based), or nil when the delivery is exhausted.
    public func delayMilliseconds<R: RandomNumberGenerator>(afterAttempt attemptsMade: Int, using random: inout R) -> Int64? {
        guard attemptsMade >= 1, attemptsMade <= delays.count else { return nil }
        let base = Double(delays[attemptsMade - 1]) * 1000
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter), using: &random) : 1
        return Int64((base * factor).rounded())
    }

    /// The delay before the next attempt without jitter, in milliseconds (for capping Retry-After).
    public func nominalDelayMilliseconds(afterAttempt attemptsMade: Int) -> Int64? {
        guard attemptsMade >= 1, attemptsMade <= delays.count else { return nil }
        return Int64(delays[attemptsMade - 1]) * 1000
    }
}
