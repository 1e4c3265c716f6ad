/// A schema document that is not a valid schema for ``JSONSchema``.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// RFC 6901 pointer into the schema document at the problem ("" for the root).
    public let pointer: String
    /// A sentence naming the pointer, e.g. "/properties/price/minimum must be a number".
    public let message: String

    /// Creates an error; `message` should name `pointer`.
    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
