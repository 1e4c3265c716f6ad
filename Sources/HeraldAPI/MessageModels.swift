import Foundation

/// A message: one event sent to an application, delivered to each matching endpoint.
public struct MessageOut: Codable, Sendable, Equatable {
    /// Herald's id, `msg_…`: the `webhook-id` every delivery carries.
    public let id: String
    /// The application it was sent to.
    public let appId: String
    /// Its event type.
    public let eventType: String
    /// The producer's own id for the event, unique per application, if given.
    public let eventId: String?
    /// The event type's version when the message was accepted.
    public let version: String?
    /// The payload, as sent.
    public let payload: AnyJSON
    /// When Herald accepted it.
    public let createdAt: Date

    /// Creates the representation.
    public init(id: String, appId: String, eventType: String, eventId: String?, version: String?, payload: AnyJSON, createdAt: Date) {
        self.id = id
        self.appId = appId
        self.eventType = eventType
        self.eventId = eventId
        self.version = version
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// `POST /api/v1/apps/{app}/messages`.
public struct MessageIn: Codable, Sendable {
    /// Required: an existing event type.
    public var eventType: String
    /// Required: a JSON object, kept byte for byte.
    public var payload: AnyJSON
    /// Optional, unique per application: a repeat answers 409 with the first message's id.
    public var eventId: String?

    /// Creates the request body.
    public init(eventType: String, payload: AnyJSON, eventId: String? = nil) {
        self.eventType = eventType
        self.payload = payload
        self.eventId = eventId
    }
}
