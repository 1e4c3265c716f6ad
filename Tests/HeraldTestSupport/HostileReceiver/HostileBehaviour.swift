/// How a ``HostileReceiver`` answers every request: the ways a broken or hostile webhook
/// receiver can try to hold a sender's connection forever.
public enum HostileBehaviour: Sendable {
    /// Accepts the connection, reads the request, never answers.
    case silent
    /// Answers `200` with `Content-Length: 100000`, then sends one byte per `interval`.
    case trickleBody(interval: Duration)
    /// Sends a status line, then one more header line per `interval`, never ending the head.
    case endlessHeaders(interval: Duration)
    /// Answers `200` with a `Content-Length` of `bytes` and sends the body as fast as the
    /// client takes it.
    case hugeBody(bytes: Int)
    /// Answers with bytes that are not HTTP, then closes.
    case garbage
    /// Answers a connection's first request `200` with keep-alive, then closes the connection
    /// without an answer when the next request arrives on it: a receiver that closed an idle
    /// kept-alive connection just as the sender reused it.
    case oneAnswerPerConnection
    /// Answers a connection's first request `200` with keep-alive, then, `after` a pause, sends
    /// `bytes` nobody asked for on the idle connection.
    case answerThenUnsolicited(after: Duration, bytes: String)
}
