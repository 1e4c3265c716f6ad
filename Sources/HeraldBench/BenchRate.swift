/// Runs an operation repeatedly for a fixed time and reports operations per second.
struct BenchRate {
    /// Best rate over `rounds` rounds of `seconds` each, after one warm-up round.
    static func measure(seconds: Double, rounds: Int, _ operation: () -> UInt8) -> (opsPerSecond: Double, sink: UInt8) {
        var sink: UInt8 = 0
        var best = 0.0
        let clock = ContinuousClock()
        for round in 0...rounds {
            let budget = round == 0 ? seconds / 4 : seconds
            var count = 0
            let start = clock.now
            var elapsed = 0.0
            while elapsed < budget {
                for _ in 0..<256 { sink &+= operation() }
                count += 256
                elapsed = (clock.now - start).seconds
            }
            if round > 0 { best = max(best, Double(count) / elapsed) }
        }
        return (best, sink)
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
