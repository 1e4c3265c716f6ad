/// Why a store operation failed.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// A unique field is already taken (an app's uid, an event type's name).
        case conflict
        /// A row the operation refers to does not exist.
        case notFound
        /// The database cannot be read or written.
        case unavailable
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence for the API's answer or the log; no secrets.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
