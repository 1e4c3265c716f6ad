import Foundation
import HeraldAPI

extension HeraldClient {
    /// `GET /api/v1/apps/{app}/messages/{msg}/attempts`: a message's attempts, newest first.
    ///
    /// - Parameters:
    ///   - status: `succeeded` or `failed`.
    ///   - trigger: `scheduled` or `manual`.
    public func messageAttempts(app: String, message: String, status: String? = nil, trigger: String? = nil, limit: Int? = nil, cursor: String? = nil) async throws(HeraldClientError) -> ListResponse<AttemptOut> {
        try await send(.api(.get, "apps", app, "messages", message, "attempts", query: Self.attemptQuery(status, trigger, limit, cursor)))
    }

    /// `GET /api/v1/apps/{app}/endpoints/{ep}/attempts`: an endpoint's attempts, newest first.
    public func endpointAttempts(app: String, endpoint: String, status: String? = nil, trigger: String? = nil, limit: Int? = nil, cursor: String? = nil) async throws(HeraldClientError) -> ListResponse<AttemptOut> {
        try await send(.api(.get, "apps", app, "endpoints", endpoint, "attempts", query: Self.attemptQuery(status, trigger, limit, cursor)))
    }

    /// `POST /api/v1/apps/{app}/messages/{msg}/endpoints/{ep}/resend`: one manual attempt now.
    public func resend(app: String, message: String, endpoint: String) async throws(HeraldClientError) -> RequeuedOut {
        try await send(.api(.post, "apps", app, "messages", message, "endpoints", endpoint, "resend"))
    }

    /// `POST /api/v1/apps/{app}/endpoints/{ep}/recover`: re-queue failed deliveries created since `since`.
    public func recover(app: String, endpoint: String, _ window: RecoverIn) async throws(HeraldClientError) -> RequeuedOut {
        try await send(.api(.post, "apps", app, "endpoints", endpoint, "recover", body: try encodeBody(window)))
    }

    static func attemptQuery(_ status: String?, _ trigger: String?, _ limit: Int?, _ cursor: String?) -> [APIRequest.QueryItem] {
        [APIRequest.QueryItem(name: "status", value: status), APIRequest.QueryItem(name: "trigger", value: trigger)]
            + APIRequest.paging(limit: limit, cursor: cursor)
    }
}
