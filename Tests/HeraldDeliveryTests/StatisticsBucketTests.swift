import HeraldStore
import Testing

/// How attempts are classed and how percentiles are read from the latency bins.
@Suite("Outcome classes and latency bins")
struct StatisticsBucketTests {
    @Test("an answer is classed by its status (429 apart), a failure without one by its kind")
    func classes() {
        let cases: [(Int?, String?, AttemptOutcomeClass)] = [
            (200, nil, .success), (204, nil, .success), (301, "redirect", .redirect), (404, nil, .clientError), (410, nil, .clientError),
            (429, nil, .rateLimited), (500, nil, .serverError), (503, nil, .serverError), (nil, "timeout", .timeout),
            (nil, "connectionRefused", .connection), (nil, "connectionClosed", .connection), (nil, "dnsFailure", .connection),
            (nil, "tlsFailure", .tls), (nil, "refusedByNetworkGuard", .refusedByGuard), (nil, "invalidURL", .other), (nil, "other", .other),
            (200, "timeout", .timeout),
        ]
        for (status, kind, expected) in cases {
            #expect(AttemptOutcomeClass(status: status, errorKind: kind) == expected, "\(String(describing: status)) \(String(describing: kind))")
        }
        #expect(Set(AttemptOutcomeClass.allCases.map(\.rawValue)) == ["2xx", "3xx", "4xx", "5xx", "rate_limited", "timeout", "connection", "tls", "refused_by_guard", "other"])
    }

    @Test("percentiles fall in the right bin, interpolated inside it, and are exact to the bin")
    func percentiles() {
        var bins = Array(repeating: 0, count: LatencyHistogram.binCount)
        #expect(LatencyHistogram.percentile(0.5, of: bins) == nil)
        // 90 attempts of 40 ms (bin 25–50) and 10 of 900 ms (bin 750–1000).
        bins[LatencyHistogram.bin(milliseconds: 40)] = 90
        bins[LatencyHistogram.bin(milliseconds: 900)] = 10
        let p50 = try! #require(LatencyHistogram.percentile(0.5, of: bins))
        #expect(p50 > 25 && p50 <= 50, "\(p50)")
        let p95 = try! #require(LatencyHistogram.percentile(0.95, of: bins))
        #expect(p95 > 750 && p95 <= 1000, "\(p95)")
        #expect(LatencyHistogram.bin(milliseconds: 0) == 0 && LatencyHistogram.bin(milliseconds: 5) == 0 && LatencyHistogram.bin(milliseconds: 6) == 1)
        #expect(LatencyHistogram.bin(milliseconds: 600_000) == LatencyHistogram.binCount - 1)
        // From 10 ms up, each bin is at most 60 % as wide as its upper bound, so a percentile is
        // off by at most that much of itself (below 10 ms, by at most 5 ms).
        let bounds = LatencyHistogram.upperBoundsMilliseconds
        for (lower, upper) in zip(bounds, bounds.dropFirst()) where lower >= 10 {
            #expect(Double(upper - lower) <= Double(upper) * 0.6, "bin \(lower)–\(upper)")
        }
    }

    @Test("bucket starts are aligned to the minute and the hour")
    func bucketStarts() {
        #expect(StatisticsGranularity.minute.bucketStart(1_800_000_059_999) == 1_800_000_000_000)
        #expect(StatisticsGranularity.hour.bucketStart(1_800_003_599_999) == 1_800_000_000_000)
        #expect(StatisticsGranularity.minute.bucketStart(1_800_000_060_000) == 1_800_000_060_000)
    }
}
