import Foundation
import HeraldAPI
import HeraldStore

/// Turns a window's buckets into the statistics API's answer: totals, percentiles, counts by
/// outcome class and a series with a point per bucket.
enum StatisticsReport {
    static func make(window: StatisticsWindow, buckets: [StatisticsBucket], now: Int64, countsMessages: Bool,
                     endpoint: EndpointHealthOut?, endpoints: EndpointCountsOut?) -> StatisticsOut {
        let (first, last) = window.span(now: now)
        var total = StatisticsBucket(start: first)
        let byStart = Dictionary(buckets.map { ($0.start, $0) }, uniquingKeysWith: { var sum = $0; sum.add($1); return sum })
        var series = [StatisticsPointOut]()
        var start = first
        while start <= last {
            let bucket = byStart[start] ?? StatisticsBucket(start: start)
            total.add(bucket)
            series.append(StatisticsPointOut(start: date(start), attempts: bucket.attempts, succeeded: bucket.succeeded,
                                             p95Ms: rounded(LatencyHistogram.percentile(0.95, of: bucket.latencyBins)),
                                             messages: countsMessages ? bucket.messages : nil))
            start += window.granularity.rawValue
        }
        let attempts = total.attempts
        let latency = LatencyOut(
            p50: rounded(LatencyHistogram.percentile(0.5, of: total.latencyBins)),
            p95: rounded(LatencyHistogram.percentile(0.95, of: total.latencyBins)),
            p99: rounded(LatencyHistogram.percentile(0.99, of: total.latencyBins)),
            mean: attempts > 0 ? rounded(Double(total.durationTotalMilliseconds) / Double(attempts)) : nil)
        let outcomes = Dictionary(uniqueKeysWithValues: AttemptOutcomeClass.allCases.map { ($0.rawValue, total.outcomes[$0.index]) })
        return StatisticsOut(
            window: window.rawValue, bucket: window.bucketName, from: date(first), until: date(last + window.granularity.rawValue),
            attempts: attempts, succeeded: total.succeeded, failed: attempts - total.succeeded,
            successRate: attempts > 0 ? (Double(total.succeeded) / Double(attempts) * 10_000).rounded() / 10_000 : nil,
            latencyMs: latency, outcomes: outcomes, messages: countsMessages ? total.messages : nil, series: series,
            endpoint: endpoint, endpoints: endpoints)
    }

    /// An endpoint's health from its record, its activity and the open circuits (see `OpenCircuits`).
    static func health(of endpoint: EndpointRecord, activity: EndpointActivity, circuitOpenUntil: Int64?) -> EndpointHealthOut {
        let (state, since): (String, Int64) =
            if endpoint.disabled { ("disabled", endpoint.updatedAt) }
            else if let failingSince = activity.failingSince { (circuitOpenUntil != nil ? "circuitOpen" : "failing", failingSince) }
            else { ("healthy", activity.lastFailure?.at ?? endpoint.createdAt) }
        return EndpointHealthOut(
            state: state, since: date(since), circuitOpenUntil: state == "circuitOpen" ? circuitOpenUntil.map(date) : nil,
            lastSuccessAt: activity.lastSuccessAt.map(date),
            lastFailure: activity.lastFailure.map {
                AttemptFailureOut(at: date($0.at), attemptId: $0.attemptID, responseStatusCode: $0.status, errorKind: $0.errorKind, errorMessage: $0.message)
            })
    }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// Milliseconds to a tenth.
    static func rounded(_ value: Double?) -> Double? { value.map { ($0 * 10).rounded() / 10 } }
}
