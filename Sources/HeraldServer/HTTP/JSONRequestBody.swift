import HeraldJSON
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

    /// `application/json`, optionally with parameters, or any `application/…+json` type;
    /// compared on bytes because it runs on every request.
    static func isJSON(_ contentType: String?) -> Bool {
        guard var contentType else { return false }
        return contentType.withUTF8 { bytes in
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            var start = 0
            while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            let type = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let lowered = type.lazy.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            if lowered.elementsEqual("application/json".utf8) { return true }
            return lowered.starts(with: "application/".utf8) && type.count > 17 && lowered.reversed().starts(with: "nosj+".utf8)
        }
    }
}

