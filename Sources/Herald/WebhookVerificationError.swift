/// Why a webhook was rejected: one code per check, and a sentence for logs.
public struct WebhookVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The check that failed.
    public enum Code: String, Sendable, CaseIterable {
        /// `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty.
        case missingHeader
        /// `webhook-timestamp` is not a non-negative integer number of seconds.
        case invalidTimestamp
        /// The timestamp lies further in the past than the tolerance allows.
        case timestampTooOld
        /// The timestamp lies further in the future than the tolerance allows.
        case timestampTooNew
        /// No entry of a known version matches any of the keys.
        case noMatchingSignature
        /// An entry of `webhook-signature` cannot be read.
        case malformedSignature
        /// A batch request's body is not a JSON array of event envelopes, or
        /// `webhook-batch-size` does not count them (batches only).
        case invalidBatch
    }

    /// The check that failed.
    public let code: Code
    /// What was wrong, without any secret material.
    public let message: String

    /// Creates an error for a failed check.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
