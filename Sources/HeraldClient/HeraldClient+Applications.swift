import HeraldAPI

extension HeraldClient {
    /// `POST /api/v1/apps`: creates an application.
    public func createApp(_ app: ApplicationIn) async throws(HeraldClientError) -> ApplicationOut {
        try await send(.api(.post, "apps", body: try encodeBody(app)))
    }

    /// `GET /api/v1/apps`: one page of applications, newest first.
    public func listApps(limit: Int? = nil, cursor: String? = nil) async throws(HeraldClientError) -> ListResponse<ApplicationOut> {
        try await send(.api(.get, "apps", query: APIRequest.paging(limit: limit, cursor: cursor)))
    }

    /// `GET /api/v1/apps/{app}`: the application with this id (`app_…`) or uid.
    public func app(_ idOrUID: String) async throws(HeraldClientError) -> ApplicationOut {
        try await send(.api(.get, "apps", idOrUID))
    }

    /// `PATCH /api/v1/apps/{app}`: changes the fields `patch` sets.
    public func updateApp(_ idOrUID: String, _ patch: ApplicationPatch) async throws(HeraldClientError) -> ApplicationOut {
        try await send(.api(.patch, "apps", idOrUID, body: try encodeBody(patch)))
    }

    /// `DELETE /api/v1/apps/{app}`: deletes the application with its endpoints and messages.
    public func deleteApp(_ idOrUID: String) async throws(HeraldClientError) {
        try await sendExpectingNoContent(.api(.delete, "apps", idOrUID))
    }
}
