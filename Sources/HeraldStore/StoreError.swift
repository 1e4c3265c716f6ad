/// Why a store operation failed.
///
/// ``code`` says what kind of failure it was and ``isRetryable`` whether the same call may
/// succeed later; ``message`` is a sentence for the API's answer or the log, with no secrets.
/// Codes are an open set, as AsyncHTTPClient's `HTTPClientError` has them: compare with the
/// static members (`error.code == .conflict`) and keep a default branch, so that a store that
/// adds a code does not break its callers.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case conflict
            case notFound
            case unavailable
            case changed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A unique value is already taken (an application's uid, an event type's name). The same
        /// call fails again until the other row changes.
        public static let conflict = Code(.conflict)
        /// A row the operation refers to does not exist. The same call fails again.
        public static let notFound = Code(.notFound)
        /// The database cannot be opened, read or written (a full disk, a lost connection, a
        /// database locked past the wait). The call changed nothing; it may succeed later.
        public static let unavailable = Code(.unavailable)
        /// A record the caller read before the call (from a cache) changed meanwhile, through
        /// another process: read it again and decide anew. The call changed nothing.
        public static let changed = Code(.changed)

        /// Whether the same call may succeed if made again later.
        public var isRetryable: Bool {
            switch base {
            case .conflict, .notFound: false
            case .unavailable, .changed: true
            }
        }

        /// The code's name, e.g. `notFound`.
        public var description: String { base.rawValue }
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

    /// Whether the same call may succeed if made again later.
    public var isRetryable: Bool { code.isRetryable }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
