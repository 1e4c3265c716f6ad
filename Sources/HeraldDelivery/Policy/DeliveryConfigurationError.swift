/// A delivery setting that cannot be used, with a sentence saying what to fix.
public struct DeliveryConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
