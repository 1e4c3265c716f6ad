/// One scripted reaction of a ``TestReceiver`` to one incoming request.
///
/// Steps are given to ``TestReceiver/script(_:_:)`` per path: each request to that path takes
/// the next step, and the last step repeats forever.
///
/// Every request is recorded as a ``ReceivedRequest`` before its step runs, whatever the step,
/// so a client that has seen a response (or a connection error) will find its request recorded.
/// Status codes should be final ones (200 to 599); 1xx codes are not meaningful here.
public enum TestReceiverStep: Sendable {
    /// Answers with the given status code and an empty body.
    case status(Int)

    /// Answers with the given status code, headers and body.
    ///
    /// A `Content-Length` header is added unless `headers` already holds `Content-Length` or
    /// `Transfer-Encoding` (or the status forbids a body: 1xx, 204, 304). A `Connection: close`
    /// header in `headers` makes the receiver close the connection after the response.
    case response(status: Int, headers: [(String, String)], body: [UInt8])

    /// Answers with the given status code, a `Retry-After` header with `value`, and an empty body.
    case retryAfter(status: Int, value: String)

    /// Answers with the given redirect status code (302 by default), a `Location` header with
    /// `location`, and an empty body.
    case redirect(status: Int = 302, location: String)

    /// Waits for the given duration, then performs `then`.
    ///
    /// The wait is scheduled on the connection's event loop: it blocks no thread, and other
    /// connections are served meanwhile. If the connection closes during the wait, nothing is sent.
    indirect case delay(Duration, then: TestReceiverStep)

    /// Reads the request and never answers. The connection stays open until the client closes it
    /// or the receiver stops.
    case hang

    /// Reads the request head and body, then closes the TCP connection without answering.
    case closeConnection
}
