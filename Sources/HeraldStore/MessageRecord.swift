/// A message as stored: the payload is kept as the producer's exact bytes.
public struct MessageRecord: Sendable, Equatable {
    /// `msg_…`, the `webhook-id`.
    public var id: String
    /// The application it was sent to.
    public var appID: String
    /// Its event type's name.
    public var eventType: String
    /// The producer's id for the event, unique per application, if given.
    public var eventID: String?
    /// The event type's version at acceptance.
    public var version: String?
    /// The JSON payload bytes.
    public var payload: [UInt8]
    /// Milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a record.
    public init(id: String, appID: String, eventType: String, eventID: String?, version: String?, payload: [UInt8], createdAt: Int64) {
        self.id = id
        self.appID = appID
        self.eventType = eventType
        self.eventID = eventID
        self.version = version
        self.payload = payload
        self.createdAt = createdAt
    }
}
