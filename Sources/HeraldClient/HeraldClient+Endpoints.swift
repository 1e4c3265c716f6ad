import Foundation
import HeraldAPI

extension HeraldClient {
    /// `POST /api/v1/apps/{app}/endpoints`: adds an endpoint to an application.
    public func createEndpoint(app: String, _ endpoint: EndpointIn) async throws(HeraldClientError) -> EndpointOut {
        try await send(.api(.post, "apps", app, "endpoints", body: try encodeBody(endpoint)))
    }

    /// `GET /api/v1/apps/{app}/endpoints`: one page of the application's endpoints.
    public func listEndpoints(app: String, limit: Int? = nil, cursor: String? = nil) async throws(HeraldClientError) -> ListResponse<EndpointOut> {
        try await send(.api(.get, "apps", app, "endpoints", query: APIRequest.paging(limit: limit, cursor: cursor)))
    }

    /// `GET /api/v1/apps/{app}/endpoints/{ep}`: one endpoint.
    public func endpoint(app: String, id: String) async throws(HeraldClientError) -> EndpointOut {
        try await send(.api(.get, "apps", app, "endpoints", id))
    }

    /// `PATCH /api/v1/apps/{app}/endpoints/{ep}`: changes the fields `patch` sets.
    ///
    /// `EndpointPatch` cannot express `null` (a nil field is left out), so `removeRateLimit`,
    /// `removeBatch` and `removeTimeout` add `"rateLimit": null`, `"batch": null` and
    /// `"timeoutMs": null`: the endpoint then has no limit, sends one event per request, and
    /// uses the server's request timeout.
    public func updateEndpoint(app: String, id: String, _ patch: EndpointPatch, removeRateLimit: Bool = false, removeBatch: Bool = false,
                               removeTimeout: Bool = false) async throws(HeraldClientError) -> EndpointOut {
        var body = try encodeBody(patch)
        let removed = (removeRateLimit ? ["rateLimit"] : []) + (removeBatch ? ["batch"] : []) + (removeTimeout ? ["timeoutMs"] : [])
        if !removed.isEmpty {
            body = try Self.settingNull(removed, in: body)
        }
        return try await send(.api(.patch, "apps", app, "endpoints", id, body: body))
    }

    /// `DELETE /api/v1/apps/{app}/endpoints/{ep}`: deletes the endpoint.
    public func deleteEndpoint(app: String, id: String) async throws(HeraldClientError) {
        try await sendExpectingNoContent(.api(.delete, "apps", app, "endpoints", id))
    }

    /// An encoded `EndpointPatch` with each of `fields` set to `null` in place of whatever it had.
    static func settingNull(_ fields: [String], in body: [UInt8]) throws(HeraldClientError) -> [UInt8] {
        do {
            guard case .object(var members) = try AnyJSON(parsing: body) else {
                throw HeraldClientError(status: 0, code: HeraldClientError.Code.invalidRequest, message: "an endpoint patch must be a JSON object")
            }
            for field in fields { members[field] = .null }
            return AnyJSON.object(members).serialized()
        } catch let error as HeraldClientError {
            throw error
        } catch {
            throw HeraldClientError(status: 0, code: HeraldClientError.Code.invalidRequest, message: "cannot encode the request body: \(error)")
        }
    }
}

extension HeraldClient {
    /// `POST /api/v1/apps/{app}/endpoints/{ep}/test`: sends an example event to the endpoint
    /// now and returns the message with its first attempt (nil when not recorded yet).
    public func testEndpoint(app: String, endpoint: String, _ test: EndpointTestIn = EndpointTestIn()) async throws(HeraldClientError) -> EndpointTestOut {
        try await send(.api(.post, "apps", app, "endpoints", endpoint, "test", body: try encodeBody(test)))
    }
}
