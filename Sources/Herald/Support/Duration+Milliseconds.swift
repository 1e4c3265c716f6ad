extension Duration {
    /// The duration in whole milliseconds, for the package's stores, schedules and logs, which
    /// count time in milliseconds since 1970.
    package var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
