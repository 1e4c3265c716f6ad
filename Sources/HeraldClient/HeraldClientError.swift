/// Why a ``HeraldClient`` call failed.
///
/// For an answer from the server, `status` is its HTTP status and `code`/`message` come from
/// its `{"error": {"code", "message"}}` body (`http_<status>` when the body is not such a
/// document). When no answer arrived, `status` is 0 and `code` is ``Code/unreachable``.
public struct HeraldClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status of the answer; 0 when there was none.
    public let status: Int
    /// A stable machine-readable code, e.g. `not_found`, `validation_failed`, `unreachable`.
    public let code: String
    /// What went wrong, in words.
    public let message: String

    /// Creates an error.
    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The codes the client itself assigns (the server's are passed through as they are).
    public enum Code {
        /// No answer: the connection failed, broke or timed out.
        public static let unreachable = "unreachable"
        /// The server URL or a request could not be formed.
        public static let invalidRequest = "invalid_request"
        /// An answer arrived but its body was not the document the route promises.
        public static let invalidResponse = "invalid_response"
        /// An answer's body was larger than ``HeraldClient/maximumResponseBytes``.
        public static let responseTooLarge = "response_too_large"
    }

    /// `message (code, HTTP status)`, or `message (code)` when no answer arrived.
    public var description: String {
        status == 0 ? "\(message) (\(code))" : "\(message) (\(code), HTTP \(status))"
    }
}
