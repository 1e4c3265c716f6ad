import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A plain HTTP client for tests: raw requests, raw answers, so tests see exactly what goes
/// over the wire (status, headers, bytes).
struct APIClient: Sendable {
    let baseURL: String
    let token: String?

    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

        /// `error.code` of an error body.
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

        /// `error.message` of an error body.
        var errorMessage: String { ((json["error"] as? [String: Any])?["message"] as? String) ?? "" }
    }

    init(_ server: ServerProcess, token: String? = nil) {
        self.baseURL = server.baseURL
        self.token = token ?? server.token
    }

    init(baseURL: String, token: String?) {
        self.baseURL = baseURL
        self.token = token
    }

    func request(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = "application/json", headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
    }

    func get(_ path: String) async throws -> Answer { try await request(.GET, path) }

    func post(_ path: String, _ json: String, headers: [(String, String)] = []) async throws -> Answer {
        try await request(.POST, path, body: Array(json.utf8), headers: headers)
    }

    func patch(_ path: String, _ json: String) async throws -> Answer {
        try await request(.PATCH, path, body: Array(json.utf8))
    }

    func delete(_ path: String) async throws -> Answer { try await request(.DELETE, path) }
}
