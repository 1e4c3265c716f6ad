import Herald

/// Why the receiver refused a request: a code for logs, metrics and the answer's body, the
/// HTTP status it answers with, and a sentence that says what was wrong.
public struct ReceiverRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The check that failed.
    public enum Code: String, Sendable, CaseIterable {
        /// A signature check failed (`401`): no entry matched any key.
        case noMatchingSignature
        /// The timestamp is older than the tolerance allows (`401`): a replay, or a clock far off.
        case timestampTooOld
        /// The timestamp is further ahead than the tolerance allows (`401`).
        case timestampTooNew
        /// A Standard Webhooks header is missing or empty (`400`).
        case missingHeader
        /// `webhook-timestamp` is not a whole number of seconds (`400`).
        case invalidTimestamp
        /// An entry of `webhook-signature` cannot be read (`400`).
        case malformedSignature
        /// A batch's body is not an array of envelopes, or its size header disagrees (`400`).
        case invalidBatch
        /// A verified body is not an event envelope (`400`).
        case malformedBody
        /// The body is larger than the receiver accepts (`413`).
        case bodyTooLarge
        /// The request comes from an address outside the allowlist (`403`).
        case sourceNotAllowed
        /// Only POST delivers webhooks (`405`).
        case methodNotAllowed
        /// The inbox could not record the event (`503`): the sender retries later.
        case inboxUnavailable
    }

    /// The check that failed.
    public let code: Code
    /// What was wrong, for logs and the answer's body; never a secret or a signature.
    public let message: String

    /// A rejection for `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A verification failure as a rejection.
    public init(_ error: WebhookVerificationError) {
        let code: Code = switch error.code {
        case .missingHeader: .missingHeader
        case .invalidTimestamp: .invalidTimestamp
        case .timestampTooOld: .timestampTooOld
        case .timestampTooNew: .timestampTooNew
        case .noMatchingSignature: .noMatchingSignature
        case .malformedSignature: .malformedSignature
        case .invalidBatch: .invalidBatch
        }
        self.init(code, error.message)
    }

    /// The HTTP status the receiver answers with.
    public var status: Int {
        switch code {
        case .noMatchingSignature, .timestampTooOld, .timestampTooNew: 401
        case .missingHeader, .invalidTimestamp, .malformedSignature, .invalidBatch, .malformedBody: 400
        case .bodyTooLarge: 413
        case .sourceNotAllowed: 403
        case .methodNotAllowed: 405
        case .inboxUnavailable: 503
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
