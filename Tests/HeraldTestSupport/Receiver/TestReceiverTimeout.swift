/// Thrown by ``TestReceiver/waitFor(count:path:timeout:)`` when fewer requests than wanted
/// arrived before the timeout passed.
public struct TestReceiverTimeout: Error, CustomStringConvertible, Sendable {
    /// The path waited on; `nil` for requests to any path.
    public let path: String?

    /// The number of requests wanted.
    public let wanted: Int

    /// The number of requests seen when the timeout passed.
    public let seen: Int

    /// The timeout that passed.
    public let timeout: Duration

    /// Creates a timeout error.
    ///
    /// - Parameters:
    ///   - path: The path waited on, or `nil` for any path.
    ///   - wanted: The number of requests wanted.
    ///   - seen: The number of requests seen.
    ///   - timeout: The timeout that passed.
    public init(path: String?, wanted: Int, seen: Int, timeout: Duration) {
        self.path = path
        self.wanted = wanted
        self.seen = seen
        self.timeout = timeout
    }

    /// A sentence naming the path, the count wanted and the count seen.
    public var description: String {
        let whereTo = self.path.map { "path \($0)" } ?? "any path"
        return "TestReceiver: timed out after \(self.timeout) waiting for \(self.wanted) request(s) to \(whereTo); saw \(self.seen)"
    }
}
