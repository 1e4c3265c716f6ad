import AsyncHTTPClient
import Foundation
import HeraldTestSupport
import NIOCore
import NIOHTTP1

/// A browser's HTTP as far as the pages need it, without a browser: cookies kept between
/// requests, forms posted with the page's CSRF token, redirects seen (not followed).
final class WebClient: @unchecked Sendable {
    /// One client for every test, never following redirects.
    private static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    let baseURL: String
    private(set) var cookies: [String: String] = [:]

    init(baseURL: String) {
        self.baseURL = baseURL
    }

    /// `GET path` with the cookies held; keeps the cookies it sets.
    func get(_ path: String, headers: [(String, String)] = []) async throws -> APIClient.Answer {
        try await send(.GET, path, body: nil, headers: headers)
    }

    /// A form posted to `path` from this server's own page (`Origin` this server unless given).
    func post(_ path: String, _ fields: [(String, String)], origin: String? = nil) async throws -> APIClient.Answer {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, body: body, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", origin ?? baseURL)])
    }

    /// Signs in to the dashboard with `token`; the answer of the sign-in form.
    @discardableResult
    func signIn(token: String) async throws -> APIClient.Answer {
        let page = try await get("/signin")
        return try await post("/signin", [("_csrf", Self.csrf(in: page.text) ?? ""), ("token", token)])
    }

    /// The CSRF token in a page's forms.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The `Set-Cookie` headers of an answer.
    static func setCookies(_ answer: APIClient.Answer) -> [String] { answer.headers["Set-Cookie"] }

    private func send(_ method: HTTPMethod, _ path: String, body: String?, headers: [(String, String)]) async throws -> APIClient.Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await Self.http.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let answer = APIClient.Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        keepCookies(answer)
        return answer
    }

    private func keepCookies(_ answer: APIClient.Answer) {
        for header in answer.headers["Set-Cookie"] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]), value = String(pair[1])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}
