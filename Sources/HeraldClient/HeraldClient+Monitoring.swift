import HeraldAPI

extension HeraldClient {
    /// `GET /api/v1/stats`: the whole server's delivery statistics over `window` (`1h`, `24h`, `7d`).
    public func serverStatistics(window: String = "24h") async throws(HeraldClientError) -> StatisticsOut {
        try await send(.api(.get, "stats", query: [APIRequest.QueryItem(name: "window", value: window)]))
    }

    /// `GET /api/v1/apps/{app}/stats`: an application's delivery statistics over `window`.
    public func applicationStatistics(app: String, window: String = "24h") async throws(HeraldClientError) -> StatisticsOut {
        try await send(.api(.get, "apps", app, "stats", query: [APIRequest.QueryItem(name: "window", value: window)]))
    }

    /// `GET /api/v1/apps/{app}/endpoints/{ep}/stats`: an endpoint's delivery statistics and health over `window`.
    public func endpointStatistics(app: String, endpoint: String, window: String = "24h") async throws(HeraldClientError) -> StatisticsOut {
        try await send(.api(.get, "apps", app, "endpoints", endpoint, "stats", query: [APIRequest.QueryItem(name: "window", value: window)]))
    }

    /// `GET /api/v1/alerts`: the alerts firing now, or with `includeResolved` every alert's last episode too.
    public func alerts(includeResolved: Bool = false) async throws(HeraldClientError) -> ListResponse<AlertOut> {
        try await send(.api(.get, "alerts", query: [APIRequest.QueryItem(name: "state", value: includeResolved ? "all" : "firing")]))
    }

    /// `GET /api/v1/alert-rules`: every alert rule, oldest first.
    public func alertRules() async throws(HeraldClientError) -> ListResponse<AlertRuleOut> {
        try await send(.api(.get, "alert-rules"))
    }
}
