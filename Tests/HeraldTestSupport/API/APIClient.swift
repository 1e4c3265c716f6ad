import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A plain HTTP client for tests: raw requests, raw answers, so tests see exactly what goes
/// over the wire (status, headers, bytes).
public struct APIClient: Sendable {
    /// `http://host:port`, without a trailing slash.
    public let baseURL: String
    /// The bearer token sent with every request, if any.
    public let token: String?
    /// Sends `Connection: close` with every request, so that no pooled connection is reused:
    /// for a server with a short idle timeout, which may close a pooled connection just as the
    /// client picks it up again (the request then fails with "I/O on closed channel").
    public let closesConnections: Bool

    /// One answer, as it came.
    public struct Answer: Sendable {
        /// The HTTP status code.
        public let status: Int
        /// The response headers.
        public let headers: HTTPHeaders
        /// The body bytes.
        public let body: [UInt8]

        /// An answer (for clients of the tests' own that make the request themselves).
        public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The first value of the header `name`, if any.
        public func header(_ name: String) -> String? { headers.first(name: name) }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object (empty when it is not one).
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

        /// `error.code` of an error body.
        public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

        /// `error.message` of an error body.
        public var errorMessage: String { ((json["error"] as? [String: Any])?["message"] as? String) ?? "" }
    }

    /// A client for the server at `baseURL`.
    public init(baseURL: String, token: String?, closesConnections: Bool = false) {
        self.baseURL = baseURL
        self.token = token
        self.closesConnections = closesConnections
    }

    /// Sends one request; `body` goes with `contentType` unless that is nil.
    public func request(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = "application/json",
                        headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if closesConnections { request.headers.add(name: "Connection", value: "close") }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
    }

    /// `GET path`.
    public func get(_ path: String) async throws -> Answer { try await request(.GET, path) }

    /// `POST path` with a JSON body.
    public func post(_ path: String, _ json: String, headers: [(String, String)] = []) async throws -> Answer {
        try await request(.POST, path, body: Array(json.utf8), headers: headers)
    }

    /// `POST path` with a body of raw bytes (a webhook exactly as signed, or tampered with).
    public func post(_ path: String, bytes: [UInt8], headers: [(String, String)] = []) async throws -> Answer {
        try await request(.POST, path, body: bytes, headers: headers)
    }

    /// `PATCH path` with a JSON body.
    public func patch(_ path: String, _ json: String) async throws -> Answer {
        try await request(.PATCH, path, body: Array(json.utf8))
    }

    /// `DELETE path`.
    public func delete(_ path: String) async throws -> Answer { try await request(.DELETE, path) }
}
