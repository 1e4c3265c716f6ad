import HeraldAPI

extension HeraldClient {
    /// `POST /api/v1/event-types`: adds an event type to the catalog.
    public func createEventType(_ eventType: EventTypeIn) async throws(HeraldClientError) -> EventTypeOut {
        try await send(.api(.post, "event-types", body: try encodeBody(eventType)))
    }

    /// `GET /api/v1/event-types`: one page of the catalog.
    public func listEventTypes(limit: Int? = nil, cursor: String? = nil) async throws(HeraldClientError) -> ListResponse<EventTypeOut> {
        try await send(.api(.get, "event-types", query: APIRequest.paging(limit: limit, cursor: cursor)))
    }

    /// `GET /api/v1/event-types/{name}`: the event type called `name`.
    public func eventType(_ name: String) async throws(HeraldClientError) -> EventTypeOut {
        try await send(.api(.get, "event-types", name))
    }

    /// `PATCH /api/v1/event-types/{name}`: changes the fields `patch` sets.
    public func updateEventType(_ name: String, _ patch: EventTypePatch) async throws(HeraldClientError) -> EventTypeOut {
        try await send(.api(.patch, "event-types", name, body: try encodeBody(patch)))
    }

    /// `DELETE /api/v1/event-types/{name}`: removes the event type from the catalog.
    public func deleteEventType(_ name: String) async throws(HeraldClientError) {
        try await sendExpectingNoContent(.api(.delete, "event-types", name))
    }
}
