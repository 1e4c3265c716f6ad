import HeraldAPI
import HeraldDelivery
import HeraldStore
import Hummingbird

/// `GET /api/v1/apps/{app}/endpoints/{ep}/stats`, `GET /api/v1/apps/{app}/stats` and
/// `GET /api/v1/stats`: delivery statistics over `?window=1h|24h|7d`, read from the store's
/// rolled-up buckets (a few dozen rows per call, whatever the number of attempts). The
/// server's figures also hold the queue, from the same store query as `/metrics`' gauges.
struct StatisticsRoutes {
    let dependencies: ServerDependencies

    /// The open circuits: the store's when several processes share it, and this process's.
    var circuits: OpenCircuits { OpenCircuits(store: dependencies.store, board: dependencies.circuits) }

    func register(on api: RouterGroup<HeraldContext>) {
        api.get("apps/:app/endpoints/:ep/stats") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let id = try request.parameter("ep", context)
            guard let endpoint = try await dependencies.store.endpoint(appID: app.id, id: id) else {
                throw APIError.notFound("no endpoint '\(id)' in application '\(app.id)'")
            }
            let window = try StatisticsWindow(query: request.uri.queryParameters["window"].map(String.init))
            let now = dependencies.now()
            let (first, last) = window.span(now: now)
            let buckets = try await dependencies.store.statistics(.endpoint(endpoint.id), granularity: window.granularity, from: first, until: last)
            let activity = try await dependencies.store.endpointActivity(endpointID: endpoint.id)
            let openUntil = try await circuits.openUntil(now: now)[endpoint.id]
            let health = StatisticsReport.health(of: endpoint, activity: activity, circuitOpenUntil: openUntil)
            return JSONResponse.make(StatisticsReport.make(window: window, buckets: buckets, now: now, countsMessages: false, endpoint: health, endpoints: nil))
        }
        api.get("apps/:app/stats") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            return try await report(.application(app.id), appID: app.id, request)
        }
        api.get("stats") { request, _ in try await report(.server, appID: nil, request) }
    }

    private func report(_ scope: StatisticsScope, appID: String?, _ request: Request) async throws -> Response {
        let window = try StatisticsWindow(query: request.uri.queryParameters["window"].map(String.init))
        let now = dependencies.now()
        let (first, last) = window.span(now: now)
        let buckets = try await dependencies.store.statistics(scope, granularity: window.granularity, from: first, until: last)
        let counts = try await dependencies.store.endpointStateCounts(appID: appID)
        let open = Set(try await circuits.openUntil(now: now).keys)
        var openHere = open.count
        if let appID, !open.isEmpty {
            // Only this application's: the circuits are known by endpoint, not by application.
            var mine = 0
            for endpointID in open where try await dependencies.store.endpoint(appID: appID, id: endpointID) != nil { mine += 1 }
            openHere = mine
        }
        // An open circuit is a failing endpoint's; one just deleted may linger until its cool-down ends.
        let endpoints = EndpointCountsOut(total: counts.total, failing: counts.failing, circuitOpen: min(openHere, counts.failing), disabled: counts.disabled)
        let unhealthy = try await dependencies.store.unhealthyEndpoints(appID: appID, limit: 20).map { record in
            let state = record.endpoint.disabled ? "disabled" : open.contains(record.endpoint.id) ? "circuitOpen" : "failing"
            return UnhealthyEndpointOut(appId: record.endpoint.appID, endpointId: record.endpoint.id, url: record.endpoint.url, state: state,
                                        failingSince: record.failingSince.map(StatisticsReport.date))
        }
        var report = StatisticsReport.make(window: window, buckets: buckets, now: now, countsMessages: true, endpoint: nil, endpoints: endpoints)
        report.unhealthyEndpoints = unhealthy
        if scope == .server {
            let depth = try await dependencies.store.queueDepth(now: now)
            report.queue = QueueOut(due: depth.dueNow, scheduled: depth.scheduledLater, inFlight: depth.inFlight,
                                    oldestDueAgeSeconds: depth.oldestDueAt.map { Double(max(0, now - $0)) / 1000 } ?? 0)
        }
        return JSONResponse.make(report)
    }
}
