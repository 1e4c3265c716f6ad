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
    /// `EndpointPatch` cannot express `"rateLimit": null` (a nil field is left out), so
    /// `removeRateLimit: true` adds it: the endpoint then has no limit.
    public func updateEndpoint(app: String, id: String, _ patch: EndpointPatch, removeRateLimit: Bool = false) async throws(HeraldClientError) -> EndpointOut {
        var body = try encodeBody(patch)
        if removeRateLimit {
            body = try Self.settingNullRateLimit(in: body)
        }
        return try await send(.api(.patch, "apps", app, "endpoints", id, body: body))
    }

    /// `DELETE /api/v1/apps/{app}/endpoints/{ep}`: deletes the endpoint.
    public func deleteEndpoint(app: String, id: String) async throws(HeraldClientError) {
        try await sendExpectingNoContent(.api(.delete, "apps", app, "endpoints", id))
    }

    /// An encoded `EndpointPatch` with `"rateLimit": null` in place of whatever it had.
    static func settingNullRateLimit(in body: [UInt8]) throws(HeraldClientError) -> [UInt8] {
        do {
            guard case .object(var members) = try AnyJSON(parsing: body) else {
                throw HeraldClientError(status: 0, code: HeraldClientError.Code.invalidRequest, message: "an endpoint patch must be a JSON object")
            }
            members["rateLimit"] = .null
            return AnyJSON.object(members).serialized()
        } catch let error as HeraldClientError {
            throw error
        } catch {
            throw HeraldClientError(status: 0, code: HeraldClientError.Code.invalidRequest, message: "cannot encode the request body: \(error)")
        }
    }
}
