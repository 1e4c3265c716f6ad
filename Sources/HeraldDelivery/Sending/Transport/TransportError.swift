/// Why an exchange ended without an answer, where NIO's own errors do not say it.
enum TransportError: Error, Sendable, CustomStringConvertible {
    /// The attempt's deadline passed first; its connection was closed.
    case deadlineExceeded
    /// The connection closed before the answer's head had arrived.
    case closedBeforeAnswer
    /// The connection closed after the answer's head, before the end of the body it announced.
    case closedDuringAnswer

    var description: String {
        switch self {
        case .deadlineExceeded: "the deadline passed"
        case .closedBeforeAnswer: "the endpoint closed the connection before answering"
        case .closedDuringAnswer: "the endpoint closed the connection before the end of its answer"
        }
    }
}

/// An exchange's failure and whether any of the answer had arrived: a reused connection that
/// failed before that may be tried once more on a new one.
struct ExchangeFailure: Error, Sendable {
    let underlying: any Error
    let answerStarted: Bool
}
