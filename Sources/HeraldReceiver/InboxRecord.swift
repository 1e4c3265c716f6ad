import Foundation

/// An event in the inbox, with where its processing stands.
public struct InboxRecord: Sendable, Equatable {
    /// Where an event's processing stands.
    public enum Status: String, Sendable {
        /// Waiting for its (next) run.
        case pending
        /// A handler ran it to the end.
        case handled
        /// Its handler kept failing: kept as a dead letter until replayed or expired.
        case dead
        /// No handler takes its type (nor a fallback): kept, not run.
        case unhandled
    }

    /// The event.
    public let event: ReceivedEvent
    /// Where its processing stands.
    public let status: Status
    /// Runs made so far.
    public let attempts: Int
    /// When it was recorded, unix milliseconds.
    public let receivedAt: Int64
    /// When its next run is due (pending events), unix milliseconds.
    public let nextAttemptAt: Int64
    /// Why its latest run failed, if it did.
    public let lastError: String?
}
