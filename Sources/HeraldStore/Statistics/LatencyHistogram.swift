/// The fixed latency bins statistics keep per bucket: counts of attempts whose duration fell at
/// or under each bound (and above the previous one), the last bin open-ended. Percentiles read
/// from them are exact to the bin: each is interpolated linearly inside the bin it falls in, so
/// its error is at most the bin's width (from 10 ms up, at most 60 % of its upper bound).
public enum LatencyHistogram {
    /// Upper bounds of the bins in milliseconds; one more bin holds everything above the last.
    public static let upperBoundsMilliseconds: [Int64] = [
        5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 45000, 60000,
    ]

    /// How many bins there are (the bounds and the open-ended last one).
    public static var binCount: Int { upperBoundsMilliseconds.count + 1 }

    /// The bin a duration falls in.
    public static func bin(milliseconds: Int64) -> Int {
        upperBoundsMilliseconds.firstIndex { milliseconds <= $0 } ?? upperBoundsMilliseconds.count
    }

    /// The `fraction` (0…1) percentile of the durations counted in `bins`, in milliseconds, or
    /// nil when nothing was counted. `maximum` bounds the open-ended last bin.
    public static func percentile(_ fraction: Double, of bins: [Int], maximum: Int64 = 120_000) -> Double? {
        let total = bins.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = fraction * Double(total)
        var below = 0
        for (index, count) in bins.enumerated() where count > 0 {
            if Double(below + count) >= rank {
                let lower = index == 0 ? 0 : Double(upperBoundsMilliseconds[index - 1])
                let upper = index < upperBoundsMilliseconds.count ? Double(upperBoundsMilliseconds[index]) : Double(max(maximum, upperBoundsMilliseconds.last! * 2))
                let within = max(0, min(1, (rank - Double(below)) / Double(count)))
                return lower + (upper - lower) * within
            }
            below += count
        }
        return Double(upperBoundsMilliseconds.last!)
    }
}
