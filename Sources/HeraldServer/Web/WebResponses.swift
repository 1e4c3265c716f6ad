import HTTPTypes
import Hummingbird
import NIOCore

/// The answers of the web pages: HTML with the headers that make it safe, redirects, assets.
enum WebResponses {
    /// No script but the server's own file, no inline script or style, no framing, forms only
    /// to this server, nothing fetched from elsewhere.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func html(_ page: WebPage, frame: PageFrame, cookies: [String] = []) -> Response {
        let text = PageRenderer.render(page, frame: frame)
        var headers = securityHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .init(code: page.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: after a form, the browser GETs `location`.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A style sheet or script: immutable (its name carries its version).
    static func asset(_ text: String, contentType: String) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = contentType
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func securityHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        // Not no-referrer: with it a browser sends `Origin: null` on its own form posts, which the
        // CSRF check must refuse. Same-origin keeps addresses (a portal link's token) off other sites.
        headers[.init("Referrer-Policy")!] = "same-origin"
        headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        return headers
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Strict, for `path`, Secure when the page came
    /// over https; `maxAge` 0 deletes it.
    static func cookie(_ name: String, _ value: String, path: String, maxAge: Int64, secure: Bool) -> String {
        Cookie(name: name, value: value, maxAge: Int(max(0, maxAge)), path: path, secure: secure, httpOnly: true, sameSite: .strict).description
    }
}
