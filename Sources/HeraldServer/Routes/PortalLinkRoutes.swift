import Foundation
import Herald
import HeraldAPI
import HeraldStore
import Hummingbird

/// `/api/v1/apps/{app}/portal-links`: signed, expiring links to one application's portal, for
/// the producer to hand to its customer; listed, and revoked one by one.
struct PortalLinkRoutes {
    let dependencies: ServerDependencies
    let key: WebKey

    func register(on api: RouterGroup<HeraldContext>) {
        api.post("apps/:app/portal-links") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes, allowEmpty: true).fields
            try fields.requireOnly(["expiresIn"])
            let text = try fields.string("expiresIn", length: 1...16) ?? "1h"
            guard APIPatterns.portalLinkLifetime.matches(text), let seconds = Self.seconds(text) else {
                throw APIError.validation("expiresIn must be a duration from 1m to 30d such as 30m, 1h, 24h or 7d, got '\(text)'")
            }
            let now = dependencies.now()
            let link = PortalLinkRecord(id: dependencies.ids.next(.portalLink).rawValue, appID: app.id, createdAt: now, expiresAt: now + seconds * 1000)
            try await dependencies.store.createPortalLink(link)
            let token = PortalLinkToken(linkID: link.id, expiresAt: link.expiresAt).encoded(key: key)
            let url = "\(Self.origin(of: request))/portal/enter?token=\(token)"
            return JSONResponse.make(PortalLinkCreatedOut(id: link.id, url: url, expiresAt: Representations.date(link.expiresAt)), status: .created)
        }
        api.get("apps/:app/portal-links") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let page = try await dependencies.store.listPortalLinks(appID: app.id, try Pagination.pageRequest(request))
            return JSONResponse.make(ListResponse(data: page.items.map(Self.representation), nextCursor: Pagination.encode(page.nextAfter)))
        }
        api.delete("apps/:app/portal-links/:link") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let id = try request.parameter("link", context)
            guard try await dependencies.store.revokePortalLink(appID: app.id, id: id, at: dependencies.now()) else {
                throw APIError.notFound("application \(app.id) has no portal link \(id)")
            }
            return Response(status: .noContent)
        }
    }

    /// A lifetime ``APIPatterns/portalLinkLifetime`` accepts (`30m`, `1h`, `7d`) in seconds.
    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()) else { return nil }
        switch unit {
        case "m": return count * 60
        case "h": return count * 3600
        case "d": return count * 86_400
        default: return nil
        }
    }

    /// Where the request came to: `https` when a proxy in front says so, the `Host` it named.
    static func origin(of request: Request) -> String {
        let scheme = request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "127.0.0.1")"
    }

    static func representation(_ link: PortalLinkRecord) -> PortalLinkOut {
        PortalLinkOut(id: link.id, createdAt: Representations.date(link.createdAt), expiresAt: Representations.date(link.expiresAt),
                      revokedAt: link.revokedAt.map(Representations.date))
    }
}
