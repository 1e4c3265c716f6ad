import Foundation

/// Where a verifier reads the current time from: the system clock, or a fixed instant in tests.
public struct WebhookClock: Sendable {
    /// Current unix time in whole seconds.
    public let now: @Sendable () -> Int64

    /// A clock that reads the given closure.
    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system's wall clock.
    public static let system = WebhookClock { Int64(Date().timeIntervalSince1970.rounded(.down)) }

    /// A clock stopped at `seconds` since 1970.
    public static func fixed(_ seconds: Int64) -> WebhookClock {
        WebhookClock { seconds }
    }
}
