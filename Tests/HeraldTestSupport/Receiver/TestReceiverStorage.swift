import NIOCore

/// The mutable state of a ``TestReceiver``, kept behind the mutex of ``TestReceiverState``.
struct TestReceiverStorage {
    /// Every request recorded since the start or the last reset, in arrival order.
    var requests: [ReceivedRequest] = []

    /// The scripted steps per path.
    var scripts: [String: [TestReceiverStep]] = [:]

    /// How many requests each scripted path has taken a step for.
    var scriptPositions: [String: Int] = [:]

    /// The number the next accepted connection gets; never reused, not even after a reset.
    var nextConnectionID = 1

    /// The connections accepted since the start or the last reset.
    var connectionsSinceReset = 0

    /// The connections open now, by connection number.
    var openConnections: [Int: any Channel] = [:]

    /// Whether the receiver is stopping or stopped: new connections are refused.
    var isStopped = false
    /// Per path: requests received and not yet answered (or their connection closed).
    var unanswered: [String: Int] = [:]
    /// Per path: the most requests unanswered at once.
    var mostUnanswered: [String: Int] = [:]
}
