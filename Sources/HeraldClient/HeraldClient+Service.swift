extension HeraldClient {
    /// `GET /health`: whether the server is up (no token needed).
    public func health() async throws(HeraldClientError) -> HealthOut {
        var request = APIRequest(method: .get, path: ["health"])
        request.authorized = false
        return try await send(request)
    }

    /// `GET /openapi.json`: the API's OpenAPI document, as the server's bytes.
    public func openAPIDocument() async throws(HeraldClientError) -> [UInt8] {
        var request = APIRequest(method: .get, path: ["openapi.json"])
        request.authorized = false
        let response = try await perform(request)
        guard (200..<300).contains(response.status) else {
            throw HeraldClientError(status: response.status, responseBody: response.body)
        }
        return response.body
    }
}
