import Foundation
import HeraldTestSupport
import Testing

/// The dashboard and the portal in a real browser: headless Chromium (Debian's package) driven
/// over the DevTools protocol, against a `herald serve` process and a receiver on loopback.
@Suite("Dashboard and portal in a browser", .serialized)
struct DashboardBrowserTests {
    static let hostilePayload = #"{"id":"o-1","note":"<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"}"#

    @Test("sign in, create an endpoint, send a message, see its attempt, resend it, open a portal that reaches its application only; a payload's script stays inert",
          .timeLimit(.minutes(5)))
    func wholeJourney() async throws {
        let receiver = try await TestReceiver.start()
        let server = try await ServerProcess.start(arguments: ["--allowed-networks", "127.0.0.1/32"])
        let browser = try await HeadlessBrowser.launch(windowSize: (1280, 900))
        do {
            try await server.eventType("order.created", schema: #"{"type":"object","required":["id"],"properties":{"id":{"type":"string","description":"The order's id."},"note":{"type":"string","description":"What the customer wrote."},"total":{"type":"integer","minimum":0,"description":"In cents."}}}"#, version: "1")
            let page = try await browser.newPage()
            try await page.setViewport(width: 1280, height: 900)
            let base = server.baseURL

            // Signing in: the root sends a stranger to the sign-in page; a wrong token is refused.
            try await page.navigate(to: base + "/")
            #expect(try await page.currentURL == base + "/signin")
            try await Screenshots.take(page, "sign-in")
            try await page.fill("#token", with: "not-the-token")
            try await page.click("button[type=submit]")
            #expect(try await page.text(of: ".error").contains("not the API token"))
            try await page.fill("#token", with: server.token)
            try await page.click("button[type=submit]")
            #expect(try await page.currentURL == base + "/apps")
            let cookies = try await page.cookies()
            let session = try #require(cookies.first { $0.name == "herald_session" })
            #expect(session.httpOnly && session.sameSite == "Strict", "the session cookie is HttpOnly and SameSite=Strict: \(session)")
            #expect(try await page.string("document.cookie").contains("herald_session") == false, "no script can read the session")
            #expect(try await page.string("document.documentElement.outerHTML").contains(server.token) == false, "the API token is in no page")

            // An application, then an endpoint at the receiver for order.created.
            try await page.fill("input[name=name]", with: "Acme Billing")
            try await page.click("form[action='/apps'] button[type=submit]")
            #expect(try await page.heading() == "Acme Billing")
            let appPath = String(try await page.currentURL.dropFirst(base.count).split(separator: "?")[0])
            try await page.fill("input[name=url]", with: receiver.url("/orders"))
            try await page.fill("input[name=description]", with: "Fulfilment")
            try await page.evaluate("document.querySelector(\"input[name=eventTypes][value='order.created']\").checked = true")
            try await page.click("form[action$='/endpoints'] button[type=submit]")
            #expect(try await page.heading() == receiver.url("/orders"))
            #expect(try await page.text(of: ".notice").contains("Endpoint added"))
            let endpointURL = try await page.currentURL.split(separator: "?")[0]

            // A message whose payload carries a script: sent through the form, shown as text.
            try await page.navigate(to: base + appPath + "/messages")
            try await page.evaluate("document.querySelector('select[name=eventType]').value = 'order.created'")
            try await page.fill("textarea[name=payload]", with: Self.hostilePayload)
            try await page.click("form[action$='/messages'][method=post] button[type=submit]")
            #expect(try await page.text(of: ".notice").contains("Message accepted"))
            let messageURL = String(try await page.currentURL.split(separator: "?")[0])
            try await page.reload(messageURL, until: "document.querySelectorAll('#main table.stack-narrow:last-of-type tbody tr').length >= 1 && document.body.innerText.includes('#1 scheduled')")
            #expect(try await page.text(of: "#payload").contains("<script>window.__pwned = 1</script>"), "the payload shows as text")
            #expect(try await page.evaluate("typeof window.__pwned").stringValue == "undefined", "neither the script nor the onerror ran")
            #expect(try await page.int("document.querySelectorAll('#payload *').length") == 0, "the payload made no elements")
            _ = try await receiver.waitFor(count: 1, path: "/orders", timeout: .seconds(10))
            try await Screenshots.take(page, "message")

            // Its attempt: the request and the answer; then resend, and a second attempt appears.
            try await page.click("a[href*='/attempts/']")
            #expect(try await page.heading().hasPrefix("Attempt #1"))
            #expect(try await page.string("document.body.innerText").contains("webhook-id"))
            try await Screenshots.take(page, "attempt")
            try await page.click("form[action$='/resend'] button[type=submit]")
            #expect(try await page.text(of: ".notice").contains("Queued again"))
            try await page.reload(messageURL, until: "document.body.innerText.includes('#2 manual')")
            _ = try await receiver.waitFor(count: 2, path: "/orders", timeout: .seconds(10))

            // The endpoint's page, the application's page with its chart, the catalog.
            try await page.navigate(to: String(endpointURL))
            #expect(try await page.string("document.querySelector('.state').textContent") == "Healthy")
            try await Screenshots.take(page, "endpoint")
            try await page.navigate(to: base + appPath)
            #expect(try await page.int("document.querySelectorAll('svg.chart rect').length") >= 2, "the charts show the attempts")
            try await Screenshots.take(page, "application")
            try await page.navigate(to: base + "/catalog/order.created")
            #expect(try await page.text(of: "table").contains("What the customer wrote."))
            try await Screenshots.take(page, "event-type")
            try await page.navigate(to: base + appPath + "/messages")
            try await Screenshots.take(page, "messages")
            try await page.setViewport(width: 390, height: 844, mobile: true)
            try await page.navigate(to: base + appPath)
            #expect(try await page.int("document.documentElement.scrollWidth") <= 390, "nothing wider than a phone's screen")
            try await Screenshots.take(page, "application-phone")
            try await page.setViewport(width: 1280, height: 900)

            // A portal link, made on the application's page and shown once.
            try await page.click("form[action$='/portal-links'] button[type=submit]")
            let link = try await page.text(of: "#new-link")
            #expect(link.hasPrefix(base + "/portal/enter?token=plk_"))
            // Another application the portal must not reach.
            let other = try await server.app("Globex")
            let otherEndpoint = try await server.api.post("/api/v1/apps/\(other)/endpoints", #"{"url":"\#(receiver.url("/globex"))"}"#).json["id"] as? String ?? ""

            // Signed out of the dashboard, the browser holds only the portal's session.
            try await page.click("form[action='/signout'] button[type=submit]")
            #expect(try await page.currentURL == base + "/signin")
            try await page.navigate(to: link)
            try await page.waitUntil("location.pathname === '/portal' && document.readyState === 'complete'")
            #expect(try await page.heading() == "Endpoints")
            #expect(try await page.string("document.body.innerText").contains(receiver.url("/orders")))
            #expect(try await page.string("document.body.innerText").contains("Globex") == false)
            try await Screenshots.take(page, "portal")
            try await page.navigate(to: base + "/portal/endpoints/\(otherEndpoint)")
            #expect(try await page.heading() == "Not found", "the portal does not reach another application's endpoint")
            try await page.navigate(to: base + "/apps/\(other)")
            #expect(try await page.currentURL == base + "/signin", "nor the dashboard")
            try await page.navigate(to: base + "/portal/catalog")
            #expect(try await page.text(of: "table").contains("order.created"), "the catalog is public to the portal")
        } catch {
            await browser.close()
            _ = await server.stop()
            try? await receiver.stop()
            throw error
        }
        await browser.close()
        _ = await server.stop()
        try? await receiver.stop()
        Screenshots.removeUnlessKept()
    }
}
