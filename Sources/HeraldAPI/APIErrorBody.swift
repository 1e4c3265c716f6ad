/// The body of every error answer: `{"error": {"code", "message"}}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    /// The error itself.
    public struct Detail: Codable, Sendable, Equatable {
        /// A stable machine-readable code, e.g. `validation_failed`.
        public let code: String
        /// What went wrong and what to fix.
        public let message: String
        /// For `duplicate_event_id`: the id of the message first sent with that event id.
        public let messageId: String?

        /// Creates the detail.
        public init(code: String, message: String, messageId: String? = nil) {
            self.code = code
            self.message = message
            self.messageId = messageId
        }
    }

    /// The error.
    public let error: Detail

    /// Creates an error body.
    public init(code: String, message: String, messageId: String? = nil) {
        self.error = Detail(code: code, message: message, messageId: messageId)
    }
}
