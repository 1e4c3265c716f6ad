import HeraldDelivery
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Delivery policy")
struct DeliveryPolicyTests {
    let endpoint = EndpointRecord(id: "ep_1", appID: "app_1", url: "https://example.com", description: "", eventTypes: [], disabled: false,
                                  rateLimit: nil, headers: [:], createdAt: 0, updatedAt: 0)
    let policy = DeliveryPolicy(schedule: .standard)

    func result(_ status: Int?, retryAfter: String? = nil) -> AttemptResult {
        AttemptResult(status: status, retryAfter: retryAfter, errorKind: status == nil ? .timeout : nil, startedAt: 0, durationMilliseconds: 1)
    }

    @Test("the default schedule is DESIGN.md's, and every delay stays within ±20 %")
    func jitterBounds() {
        #expect(RetrySchedule.standard.delays == [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400])
        var random = SeededRandomNumberGenerator(seed: 42)
        for attempt in 1...9 {
            let nominal = Double(RetrySchedule.standard.delays[attempt - 1]) * 1000
            var seen = Set<Int64>()
            for _ in 0..<500 {
                let delay = Double(RetrySchedule.standard.delayMilliseconds(afterAttempt: attempt, using: &random) ?? -1)
                #expect(delay >= nominal * 0.8 - 1 && delay <= nominal * 1.2 + 1)
                seen.insert(Int64(delay))
            }
            #expect(seen.count > 50, "jitter actually varies")
        }
        #expect(RetrySchedule.standard.delayMilliseconds(afterAttempt: 10, using: &random) == nil)
        #expect(RetrySchedule.standard.maximumAttempts == 10)
    }

    @Test("schedules parse from 5s,5m,2h,1d and bad entries are refused")
    func parsing() throws {
        #expect(try RetrySchedule(parsing: "5s, 5m,2h,1d,30").delays == [5, 300, 7200, 86400, 30])
        for bad in ["", "5x", "s", "-5s", "5s,,1m"] {
            #expect(throws: DeliveryConfigurationError.self, "\(bad)") { try RetrySchedule(parsing: bad) }
        }
    }

    @Test("2xx succeeds, 410 disables, others retry until exhausted")
    func outcomes() {
        var random = SeededRandomNumberGenerator(seed: 1)
        #expect(policy.decide(result(200), attemptNumber: 1, endpoint: endpoint, now: 0, random: &random).status == .succeeded)
        #expect(policy.decide(result(204), attemptNumber: 1, endpoint: endpoint, now: 0, random: &random).status == .succeeded)
        let gone = policy.decide(result(410), attemptNumber: 1, endpoint: endpoint, now: 0, random: &random)
        #expect(gone.disableEndpoint && gone.status == .exhausted)
        for status in [nil, 301, 400, 404, 500] as [Int?] {
            let decision = policy.decide(result(status), attemptNumber: 1, endpoint: endpoint, now: 1000, random: &random)
            #expect(decision.status == .failed)
            #expect((4000...6000).contains((decision.nextAttemptAt ?? 0) - 1000))
        }
        #expect(policy.decide(result(500), attemptNumber: 10, endpoint: endpoint, now: 0, random: &random).status == .exhausted)
    }

    @Test("429/502/503/504 slow down; Retry-After is honoured up to twice the scheduled delay")
    func retryAfter() {
        var random = SeededRandomNumberGenerator(seed: 7)
        for status in [429, 502, 503, 504] {
            #expect(policy.decide(result(status), attemptNumber: 1, endpoint: endpoint, now: 0, random: &random).slowDown)
        }
        // After attempt 2 the schedule says 5 min; asking for 8 min is honoured, 1 h is capped at 10 min.
        let honoured = policy.decide(result(503, retryAfter: "480"), attemptNumber: 2, endpoint: endpoint, now: 0, random: &random)
        #expect(honoured.nextAttemptAt == 480_000)
        let capped = policy.decide(result(429, retryAfter: "3600"), attemptNumber: 2, endpoint: endpoint, now: 0, random: &random)
        #expect(capped.nextAttemptAt == 600_000)
        let now: Int64 = 1_700_000_000_000
        let date = policy.decide(result(503, retryAfter: "Tue, 14 Nov 2023 22:21:20 GMT"), attemptNumber: 2, endpoint: endpoint, now: now, random: &random)
        #expect(date.nextAttemptAt == now + 480_000, "an HTTP date 8 minutes ahead")
        #expect(RetryAfter.milliseconds("garbage", now: 0) == nil)
    }

    @Test("an endpoint's own schedule replaces the server's")
    func endpointSchedule() {
        var custom = endpoint
        custom.retryScheduleSeconds = [1]
        var random = SeededRandomNumberGenerator(seed: 3)
        let first = policy.decide(result(500), attemptNumber: 1, endpoint: custom, now: 0, random: &random)
        #expect((800...1200).contains(first.nextAttemptAt ?? 0))
        #expect(policy.decide(result(500), attemptNumber: 2, endpoint: custom, now: 0, random: &random).status == .exhausted)
    }

    @Test("durations read as seconds; one too long to count is refused, not a crash")
    func durations() {
        #expect(RetrySchedule.seconds("30") == 30)
        #expect(RetrySchedule.seconds("5m") == 300)
        #expect(RetrySchedule.seconds("2h") == 7200)
        #expect(RetrySchedule.seconds("1d") == 86400)
        #expect(RetrySchedule.seconds("5x") == nil)
        #expect(RetrySchedule.seconds("") == nil)
        #expect(RetrySchedule.seconds("106751991167301d") == nil)
        #expect(RetrySchedule.seconds("9223372036854775807m") == nil)
        #expect(RetrySchedule.seconds("9223372036854775807s") == Int.max)
    }

    @Test("the circuit opens after the threshold, lets one probe through after the cool-down, closes on success")
    func circuitBreaker() {
        var breaker = CircuitBreaker(threshold: 3, coolDownMilliseconds: 1000)
        #expect(breaker.allowance(now: 0, limit: 10, inFlight: 0) == 10)
        #expect(!breaker.record(success: false, now: 0).opened)
        #expect(!breaker.record(success: false, now: 0).opened)
        #expect(breaker.record(success: false, now: 0).opened)
        #expect(breaker.allowance(now: 500, limit: 10, inFlight: 0) == 0)
        #expect(breaker.allowance(now: 1000, limit: 10, inFlight: 0) == 1)
        breaker.probeStarted()
        #expect(breaker.allowance(now: 1000, limit: 10, inFlight: 1) == 0)
        #expect(breaker.record(success: false, now: 1000).opened, "a failed probe opens it again")
        #expect(breaker.allowance(now: 1500, limit: 10, inFlight: 0) == 0)
        _ = breaker.allowance(now: 2000, limit: 10, inFlight: 0)
        #expect(breaker.record(success: true, now: 2000).recovered)
        #expect(breaker.state == .closed)
    }

    @Test("the token bucket holds the rate")
    func tokenBucket() {
        var bucket = TokenBucket(ratePerSecond: 5, now: 0)
        var taken = 0
        for millisecond in stride(from: Int64(0), to: 2000, by: 10) where bucket.take(now: millisecond) { taken += 1 }
        #expect((14...16).contains(taken), "5 at once, then 5 per second: \(taken)")
        while bucket.take(now: 2000) {}
        #expect(bucket.nextTokenAt(now: 2000) > 2000)
    }
}
