import Foundation
import HeraldTestSupport
import Testing

/// The pages' defences over plain HTTP: headers, cookies, CSRF, sessions, portal links.
@Suite("Dashboard and portal security")
struct WebSecurityTests {
    @Test("every page carries a CSP without inline script, nosniff and no framing; the session cookie is HttpOnly and SameSite=Strict")
    func headersAndCookies() async throws {
        try await InProcessServer.run { server in
            let web = WebClient(baseURL: server.baseURL)
            let signInPage = try await web.get("/signin")
            let policy = try #require(signInPage.header("Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'") && policy.contains("style-src 'self'") && policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(signInPage.header("X-Content-Type-Options") == "nosniff")
            #expect(signInPage.header("X-Frame-Options") == "DENY")
            #expect(!signInPage.text.contains("<script>") && !signInPage.text.contains(" style="), "no inline script or style")

            let signedIn = try await web.signIn(token: server.token)
            #expect(signedIn.status == 303 && signedIn.header("Location") == "/apps")
            let session = try #require(WebClient.setCookies(signedIn).first { $0.hasPrefix("herald_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))
            #expect(!session.contains(server.token), "the cookie is not the token")
            let apps = try await web.get("/apps")
            #expect(apps.status == 200 && apps.header("Cache-Control") == "no-store")
            #expect(!apps.text.contains(server.token))
            let style = try await web.get("/assets/herald-2.css")
            #expect(style.status == 200 && style.header("Content-Type")?.hasPrefix("text/css") == true)
        }
    }

    @Test("a wrong token, a form without its CSRF token, a form from another site and a forged cookie are all refused")
    func refusals() async throws {
        try await InProcessServer.run { server in
            let web = WebClient(baseURL: server.baseURL)
            let wrong = try await web.signIn(token: "not-it")
            #expect(wrong.status == 401 && wrong.text.contains("not the API token"))
            #expect(web.cookies["herald_session"] == nil)
            // Sign-in without the cookie its form came with: a site cannot sign a browser in.
            let stranger = WebClient(baseURL: server.baseURL)
            let blind = try await stranger.post("/signin", [("_csrf", "guess"), ("token", server.token)])
            #expect(blind.status == 200 && stranger.cookies["herald_session"] == nil)

            try await web.signIn(token: server.token)
            let page = try await web.get("/apps")
            let csrf = try #require(WebClient.csrf(in: page.text))
            let noToken = try await web.post("/apps", [("name", "Sneaky")])
            #expect(noToken.status == 403)
            let otherSite = try await web.post("/apps", [("_csrf", csrf), ("name", "Sneaky")], origin: "https://evil.example")
            #expect(otherSite.status == 403)
            let nullOrigin = try await web.post("/apps", [("_csrf", csrf), ("name", "Sneaky")], origin: "null")
            #expect(nullOrigin.status == 403)
            #expect(try await server.api.get("/api/v1/apps").json["data"].map { ($0 as? [Any])?.isEmpty } == true, "nothing was created")
            let made = try await web.post("/apps", [("_csrf", csrf), ("name", "Acme")])
            #expect(made.status == 303 && made.header("Location")?.hasPrefix("/apps/app_") == true)

            let forged = WebClient(baseURL: server.baseURL)
            let cookie = try #require(web.cookies["herald_session"])
            var parts = cookie.split(separator: ".").map(String.init)
            parts[4] = String(Int64(parts[4])! + 86_400_000)
            _ = try await forged.get("/signin")
            let tampered = try await forged.get("/apps", headers: [("Cookie", "herald_session=\(parts.joined(separator: "."))")])
            #expect(tampered.status == 303 && tampered.header("Location") == "/signin", "a session whose expiry was stretched is refused")
        }
    }

    @Test("a portal link opens its application only; a revoked or altered link, and its sessions, stop working at once")
    func portalLinks() async throws {
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32"]) { server in
            let app = try await server.app("Acme")
            let other = try await server.app("Globex")
            let otherEndpoint = try await server.api.post("/api/v1/apps/\(other)/endpoints", #"{"url":"https://globex.example/hooks"}"#).json["id"] as? String ?? ""
            for bad in [#"{"expiresIn":"0h"}"#, #"{"expiresIn":"31d"}"#, #"{"expiresIn":"soon"}"#, #"{"expiresIn":"30s"}"#, #"{"expiresIn":"43201m"}"#, #"{"expiresIn":"721h"}"#, #"{"other":1}"#] {
                let refused = try await server.api.post("/api/v1/apps/\(app)/portal-links", bad)
                #expect(refused.status == 422, "\(bad): \(refused.status) \(refused.text)")
            }
            let made = try await server.api.post("/api/v1/apps/\(app)/portal-links", #"{"expiresIn":"2h"}"#)
            #expect(made.status == 201)
            let url = try #require(made.json["url"] as? String)
            let linkID = try #require(made.json["id"] as? String)
            let token = String(url.split(separator: "=", maxSplits: 1)[1])
            #expect(url.hasPrefix(server.baseURL + "/portal/enter?token=plk_"))

            let visitor = WebClient(baseURL: server.baseURL)
            let entered = try await visitor.get("/portal/enter?token=\(token)")
            #expect(entered.status == 200 && entered.text.contains(#"http-equiv="refresh""#))
            let portalCookie = try #require(WebClient.setCookies(entered).first { $0.hasPrefix("herald_portal=") })
            #expect(portalCookie.contains("HttpOnly") && portalCookie.contains("SameSite=Strict") && portalCookie.contains("Path=/portal"))
            let home = try await visitor.get("/portal")
            #expect(home.status == 200 && home.text.contains("<h1>Endpoints</h1>"))
            #expect(try await visitor.get("/portal/endpoints/\(otherEndpoint)").status == 404, "another application's endpoint")
            #expect(try await visitor.get("/apps/\(other)").status == 303, "the dashboard wants its own sign-in")
            let csrf = try #require(WebClient.csrf(in: home.text))
            let sneaky = try await visitor.post("/portal/endpoints/\(otherEndpoint)/delete", [("_csrf", csrf)])
            #expect(sneaky.status == 404)
            #expect(try await server.api.get("/api/v1/apps/\(other)/endpoints/\(otherEndpoint)").status == 200, "still there")

            // Altered: another expiry under the same signature, or another link's id.
            var parts = token.split(separator: ".").map(String.init)
            parts[1] = String(Int64(parts[1])! + 86_400_000)
            #expect(try await WebClient(baseURL: server.baseURL).get("/portal/enter?token=\(parts.joined(separator: "."))").status == 401)

            // Revoked: the link and the session it opened both stop.
            #expect(try await server.api.delete("/api/v1/apps/\(app)/portal-links/\(linkID)").status == 204)
            #expect(try await visitor.get("/portal").status == 401)
            #expect(try await WebClient(baseURL: server.baseURL).get("/portal/enter?token=\(token)").status == 401)
            let listed = try await server.api.get("/api/v1/apps/\(app)/portal-links")
            let first = (listed.json["data"] as? [[String: Any]])?.first
            #expect(first?["id"] as? String == linkID && first?["revokedAt"] is String)
            #expect(try await server.api.delete("/api/v1/apps/\(other)/portal-links/\(linkID)").status == 404, "only through its own application")
        }
    }

    @Test("a form the API refuses shows the API's reason on the page, keeps what was there, and changes nothing")
    func refusedFormShowsReason() async throws {
        try await InProcessServer.run { server in
            let app = try await server.app("Acme")
            let web = WebClient(baseURL: server.baseURL)
            try await web.signIn(token: server.token)
            let page = try await web.get("/apps/\(app)")
            let csrf = try #require(WebClient.csrf(in: page.text))
            let refused = try await web.post("/apps/\(app)/endpoints", [("_csrf", csrf), ("url", "ftp://example.com/x")])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"class="error""#) && refused.text.contains("url"))
            let endpoints = try await server.api.get("/api/v1/apps/\(app)/endpoints").json["data"] as? [Any]
            #expect(endpoints?.isEmpty == true)
            let badPayload = try await web.post("/apps/\(app)/messages", [("_csrf", csrf), ("eventType", "x.y"), ("payload", "{not json")])
            #expect(badPayload.status == 422 && badPayload.text.contains("not JSON"))
        }
    }
}
