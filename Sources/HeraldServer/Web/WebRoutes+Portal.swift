import Foundation
import HeraldStore
import Hummingbird
import Logging

/// The portal: a portal link (`/portal/enter?token=…`) opens a session of its application,
/// whose pages live under `/portal`.
extension WebRoutes {
    func registerPortal(on router: Router<HeraldContext>) {
        router.get("portal/enter") { request, context in
            let time = now()
            guard let text = Self.query(request)["token"], let token = PortalLinkToken.decode(text, key: key),
                  let link = try? await store.portalLink(id: token.linkID), link.expiresAt == token.expiresAt, link.isUsable(now: time) else {
                context.logger.notice("portal link refused")
                return Self.portalRefusal()
            }
            let session = WebSession.start(.portal, appID: link.appID, linkID: link.id, expiresAt: link.expiresAt)
            let secure = PortalLinkRoutes.origin(of: request).hasPrefix("https")
            let cookie = WebResponses.cookie(WebSession.cookieName(.portal), session.encoded(key: key, tokenHash: tokenHash), path: "/portal",
                                             maxAge: (link.expiresAt - time) / 1000, secure: secure)
            // A page that moves on by itself rather than a redirect: a SameSite=Strict cookie is
            // not sent on a redirect that began on another site (the link is opened from an
            // email or the producer's app), but is on a navigation this page starts.
            var page = WebPage(title: "Opening the portal", template: "portalEnter", values: ["next": "/portal"])
            page.refresh = "/portal"
            return WebResponses.html(page, frame: PageFrame(home: "/portal", isPortal: true), cookies: [cookie])
        }
        router.post("portal/signout") { request, context in
            await form(request, context, .portal) { _, _ in
                var page = WebPage(title: "Signed out", template: "problem", values: ["message": "You left the portal. Open your portal link again to come back."])
                page.status = 200
                return WebResponses.html(page, frame: PageFrame(home: "/portal", isPortal: true), cookies: [
                    WebResponses.cookie(WebSession.cookieName(.portal), "", path: "/portal", maxAge: 0,
                                        secure: PortalLinkRoutes.origin(of: request).hasPrefix("https")),
                ])
            }
        }
        registerApplicationPages(on: router, prefix: "portal", kind: .portal)
        registerCatalogAndInbox(on: router, prefix: "portal", kind: .portal)
    }
}
