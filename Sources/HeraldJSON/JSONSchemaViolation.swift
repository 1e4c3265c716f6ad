/// The first place where a value fails a ``JSONSchema``.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// RFC 6901 pointer into the validated value ("" for the root), e.g. "/items/0/price".
    /// For a missing required property it is the path the property would have.
    public let pointer: String
    /// What is wrong there, e.g. "must be at least 0" or "is required".
    public let message: String

    /// Creates a violation.
    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    /// The pointer (or "value" for the root) followed by the message.
    public var description: String {
        "\(pointer.isEmpty ? "value" : pointer) \(message)"
    }
}
