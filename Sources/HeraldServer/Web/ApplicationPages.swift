import Foundation
import HeraldAPI
import Hummingbird

/// An application's page: its endpoints with their health and charts of the last 24 hours,
/// the forms to add an endpoint and (dashboard) to send a message and make portal links.
extension WebRequest {
    func applicationPage(_ appID: String, notice: String? = nil, error: String? = nil, newLink: PortalLinkCreatedOut? = nil) async throws -> WebPage {
        let app = try await api.get("/api/v1/apps/\(PathComponent.encode(appID))", as: ApplicationOut.self)
        let base = "/api/v1/apps/\(PathComponent.encode(app.id))"
        async let endpointsCall = api.get("\(base)/endpoints?limit=100", as: ListResponse<EndpointOut>.self)
        async let statsCall = api.get("\(base)/stats?window=24h", as: StatisticsOut.self)
        async let catalogCall = eventTypes()
        let (endpoints, stats, catalog) = try await (endpointsCall, statsCall, catalogCall)
        // Each endpoint's figures at once (one statistics call each, up to a page of 100).
        let figuresByEndpoint = try await withThrowingTaskGroup(of: (String, StatisticsOut).self) { group in
            for endpoint in endpoints.data {
                group.addTask {
                    (endpoint.id, try await api.get("\(base)/endpoints/\(PathComponent.encode(endpoint.id))/stats?window=24h", as: StatisticsOut.self))
                }
            }
            return try await group.reduce(into: [String: StatisticsOut]()) { $0[$1.0] = $1.1 }
        }
        var rows = [[String: Any]]()
        for endpoint in endpoints.data {
            guard let figures = figuresByEndpoint[endpoint.id] else { continue }
            let state = figures.endpoint?.state ?? (endpoint.disabled ? "disabled" : "healthy")
            rows.append([
                "href": "\(scope.appBase(app.id))/endpoints/\(PathComponent.encode(endpoint.id))", "url": endpoint.url,
                "description": (endpoint.description.isEmpty ? nil : endpoint.description) as Any,
                "state": state, "stateLabel": ViewFormat.stateLabel(state), "successRate": ViewFormat.percent(figures.successRate),
                "p95": ViewFormat.milliseconds(figures.latencyMs.p95), "attempts": figures.attempts,
                "chart": StatisticsChart.svg(figures.series, label: "Attempts to \(endpoint.url) in the last 24 hours"),
            ])
        }
        var values: [String: Any] = [
            "chart": StatisticsChart.svg(stats.series, large: true, label: "Attempts of \(app.name) in the last 24 hours"),
            "messages": stats.messages ?? 0, "attempts": stats.attempts, "successRate": ViewFormat.percent(stats.successRate),
            "p95": ViewFormat.milliseconds(stats.latencyMs.p95),
            "endpointCount": stats.endpoints?.total ?? endpoints.data.count, "failingCount": stats.endpoints?.failing ?? 0,
            "circuitOpenCount": stats.endpoints?.circuitOpen ?? 0, "disabledCount": stats.endpoints?.disabled ?? 0,
            "messagesHref": "\(scope.appBase(app.id))/messages", "endpoints": rows, "hasEndpoints": !rows.isEmpty,
            "createEndpointAction": "\(scope.appBase(app.id))/endpoints",
            "eventTypes": catalog.map { ["name": $0.name, "deprecated": $0.deprecated, "checked": false] },
            "canSend": !scope.isPortal, "canLink": !scope.isPortal,
            "sendAction": "\(scope.appBase(app.id))/messages", "portalLinkAction": "\(scope.appBase(app.id))/portal-links",
        ]
        if !scope.isPortal {
            let links = try await api.get("\(base)/portal-links?limit=20", as: ListResponse<PortalLinkOut>.self)
            let now = Date()
            values["links"] = links.data.map { link -> [String: Any] in
                let state = link.revokedAt != nil ? "revoked" : (link.expiresAt <= now ? "expired" : "valid")
                return ["id": link.id, "created": ViewFormat.time(link.createdAt), "expires": ViewFormat.time(link.expiresAt), "state": state,
                        "revocable": state == "valid", "revokeAction": "\(scope.appBase(app.id))/portal-links/\(PathComponent.encode(link.id))/revoke"]
            }
            values["hasLinks"] = !links.data.isEmpty
            if let newLink { values["newLink"] = ["url": newLink.url, "expires": ViewFormat.time(newLink.expiresAt)] }
        }
        var page = WebPage(title: scope.isPortal ? "Endpoints" : app.name, template: "application", values: values)
        if !scope.isPortal { page.crumbs = [("Applications", "/apps")] }
        page.notice = notice
        page.error = error
        return page
    }

    /// The event catalog, every page of it (catalogs are small; at most 1,000 types are shown).
    func eventTypes() async throws -> [EventTypeOut] {
        var types = [EventTypeOut]()
        var cursor: String?
        repeat {
            let query = cursor.map { "&cursor=\(PathComponent.encode($0))" } ?? ""
            let page = try await api.get("/api/v1/event-types?limit=250\(query)", as: ListResponse<EventTypeOut>.self)
            types += page.data
            cursor = page.nextCursor
        } while cursor != nil && types.count < 1000
        return types
    }

    /// An application's name for the portal's header.
    func applicationName(_ appID: String) async -> String? {
        try? await api.get("/api/v1/apps/\(PathComponent.encode(appID))", as: ApplicationOut.self).name
    }
}
