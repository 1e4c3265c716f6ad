/// The instant cases count from: 2027-01-15T08:00:00Z, in milliseconds since 1970.
let suiteEpoch: Int64 = 1_800_000_000_000

/// The time `seconds` after the suite's epoch, in milliseconds since 1970. Cases pass these as
/// `now:` and as record times instead of reading a clock, so they never sleep.
func at(_ seconds: Int64) -> Int64 {
    suiteEpoch + seconds * 1000
}
