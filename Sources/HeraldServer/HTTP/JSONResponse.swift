import Foundation
import HTTPTypes
import HeraldAPI
import Hummingbird
import NIOCore

/// Builds `application/json` responses.
enum JSONResponse {
    private static let encoder = APICoding.encoder()

    /// `value` encoded with the API's encoder.
    static func make<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"response could not be encoded"}}"#.utf8)
        return make(bytes: Array(data), status: status)
    }

    /// `value` encoded with the API's encoder, as bytes to splice into a larger document.
    static func encoded<Value: Encodable>(_ value: Value) -> [UInt8] {
        (try? encoder.encode(value)).map(Array.init) ?? Array("null".utf8)
    }

    /// Pre-encoded JSON bytes.
    static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
