/// The answer of `GET /health`: `{"status": "ok"}`.
public struct HealthOut: Codable, Sendable, Equatable {
    /// `ok` when the server is serving.
    public let status: String

    /// Creates the representation.
    public init(status: String) {
        self.status = status
    }
}
