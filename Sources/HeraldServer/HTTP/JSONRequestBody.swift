import Hummingbird
import NIOCore

/// Reads a request's JSON body: 415 when it is not declared JSON, 413 over the size limit,
/// 400 with line and column when it does not parse.
struct JSONRequestBody {
    /// The exact bytes received.
    let bytes: [UInt8]
    /// The top-level members, each with the range of its value in `bytes`.
    let members: [JSONRangedMember]

    /// The body as an object's fields, for validation.
    var fields: RequestFields { RequestFields(members: members) }

    static func read(_ request: Request, limit: Int, allowEmpty: Bool = false) async throws -> JSONRequestBody {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, "payload_too_large", "the request body is \(length) bytes; at most \(limit) are accepted")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "payload_too_large", "the request body is larger than \(limit) bytes")
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.isEmpty && allowEmpty {
            return JSONRequestBody(bytes: [], members: [])
        }
        guard isJSON(request.headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json'")
        }
        do {
            return JSONRequestBody(bytes: bytes, members: try JSONParser.parseObjectMembers(bytes))
        } catch {
            throw APIError.badRequest("the body is not a JSON object: \(error.message)")
        }
    }

    /// `application/json`, optionally with parameters, or any `+json` type.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}

import Foundation
