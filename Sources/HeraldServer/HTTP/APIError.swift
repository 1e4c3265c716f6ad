import Foundation
import HTTPTypes
import HeraldAPI
import Hummingbird

/// An error answer of the API: a status, a stable code and a message that says what to fix.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The `error.code` of the body.
    public let code: String
    /// The `error.message` of the body.
    public let message: String
    /// For `duplicate_event_id`: the first message's id.
    public let messageID: String?

    /// Creates an error answer.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, messageID: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.messageID = messageID
    }

    /// 400: the request cannot be read.
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    /// 404: no such resource.
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    /// 409: a unique value is taken.
    static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }
    /// 422: a field is wrong; the message names it.
    static func validation(_ message: String) -> APIError { APIError(.unprocessableContent, "validation_failed", message) }

    /// The JSON body.
    var body: APIErrorBody { APIErrorBody(code: code, message: message, messageId: messageID) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status)
    }
}
