import Foundation
import HeraldAPI
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The HTTP API, called in-process by the web pages: every page reads and acts through the
/// same routes, validation and errors as an API client does (no back door into the store),
/// without a round trip over the network. Each call carries the session's ``APIAccess``
/// in place of the API token, so a portal session can make only the portal's calls.
struct InProcessAPI: Sendable {
    let responder: RouterResponder<HeraldContext>

    /// What a call answered.
    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let body: [UInt8]

        var isSuccess: Bool { (200..<300).contains(status.code) }

        /// The API's error message, for a failed call.
        var errorMessage: String {
            (try? APICoding.decode(APIErrorBody.self, from: body).error.message) ?? "the request failed with status \(status.code)"
        }
    }

    /// The API's answer to one request.
    /// `authority` is the page request's: the API builds URLs (portal links, inboxes) from it.
    func call(_ method: HTTPRequest.Method, _ path: String, json: [UInt8]? = nil, access: APIAccess, authority: String,
              forwardedProto: String? = nil, logger: Logger) async throws -> Answer {
        var fields = HTTPFields()
        if json != nil { fields[.contentType] = "application/json" }
        if let forwardedProto { fields[HTTPField.Name("X-Forwarded-Proto")!] = forwardedProto }
        let head = HTTPRequest(method: method, scheme: "http", authority: authority, path: path, headerFields: fields)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: json ?? [])))
        let response = try await responder.respond(to: request, context: HeraldContext(logger: logger, access: access))
        let collector = BodyCollector()
        try await response.body.write(collector)
        return Answer(status: response.status, body: collector.bytes.value)
    }
}

/// A response body written into memory (API answers are small: a page of a list at most).
private struct BodyCollector: ResponseBodyWriter {
    final class Bytes: @unchecked Sendable {
        var value = [UInt8]()
    }

    let bytes = Bytes()

    mutating func write(_ buffer: ByteBuffer) async throws {
        bytes.value.append(contentsOf: buffer.readableBytesView)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// A page's view of the API for one session: typed reads, and actions that report the API's
/// error message for the page to show.
struct SessionAPI: Sendable {
    let api: InProcessAPI
    let access: APIAccess
    let logger: Logger
    let authority: String
    /// The page request's `X-Forwarded-Proto`, passed on so links the API makes keep https.
    var forwardedProto: String?

    /// A document the API answered with, decoded; a failed call throws ``PageError``.
    func get<Value: Decodable>(_ path: String, as type: Value.Type) async throws -> Value {
        let answer = try await api.call(.get, path, access: access, authority: authority, forwardedProto: forwardedProto, logger: logger)
        guard answer.isSuccess else { throw PageError(status: answer.status, message: answer.errorMessage) }
        do {
            return try APICoding.decode(type, from: answer.body)
        } catch {
            throw PageError(status: .internalServerError, message: "the API's answer to \(path) could not be read: \(error)")
        }
    }

    /// Sends an action with a JSON body (an `Encodable` value or raw JSON bytes); the answer
    /// whatever its status.
    func send(_ method: HTTPRequest.Method, _ path: String, json: [UInt8]? = nil) async throws -> InProcessAPI.Answer {
        try await api.call(method, path, json: json, access: access, authority: authority, forwardedProto: forwardedProto, logger: logger)
    }

    /// Sends an action with an encodable body.
    func send(_ method: HTTPRequest.Method, _ path: String, body: some Encodable) async throws -> InProcessAPI.Answer {
        try await api.call(method, path, json: Array(try APICoding.encoder().encode(body)), access: access, authority: authority, forwardedProto: forwardedProto, logger: logger)
    }
}

/// A page could not be made: the status to answer and what to say.
struct PageError: Error {
    let status: HTTPResponse.Status
    let message: String
}
