import HeraldAPI

extension HeraldClient {
    /// `GET /api/v1/apps/{app}/endpoints/{ep}/secret`: the signing secret, and the previous
    /// ones still in their grace period.
    public func endpointSecret(app: String, endpoint: String) async throws(HeraldClientError) -> EndpointSecretOut {
        try await send(.api(.get, "apps", app, "endpoints", endpoint, "secret"))
    }

    /// `POST /api/v1/apps/{app}/endpoints/{ep}/secret/rotate`: replaces the signing secret; the
    /// old one keeps signing for the grace period. With the default `rotation` (`{}`) the
    /// server generates the new secret and uses its default grace period.
    public func rotateEndpointSecret(app: String, endpoint: String, _ rotation: SecretRotationIn = SecretRotationIn()) async throws(HeraldClientError) -> EndpointSecretOut {
        try await send(.api(.post, "apps", app, "endpoints", endpoint, "secret", "rotate", body: try encodeBody(rotation)))
    }
}
