import Synchronization

/// The receiver's time (unix milliseconds), moved only by the test: retries come due, and
/// records expire, when the test says so rather than after real pauses.
final class ManualClock: Sendable {
    private let time: Mutex<Int64>

    init(at start: Int64 = 1_796_000_000_000) {
        time = Mutex(start)
    }

    var now: Int64 { time.withLock { $0 } }

    func advance(by duration: Duration) {
        time.withLock { $0 += duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000 }
    }
}
