import Foundation
import HeraldAPI

extension HeraldClientError {
    /// The error an answer with a non-2xx `status` stands for: the `code` and `message` of its
    /// `{"error": {"code", "message"}}` body, or `http_<status>` and the start of the body (or
    /// the status's meaning) when the body is not such a document.
    public init(status: Int, responseBody: [UInt8]) {
        if let document = try? APICoding.decoder().decode(APIErrorBody.self, from: Data(responseBody)) {
            self.init(status: status, code: document.error.code, message: document.error.message)
            return
        }
        let text = String(decoding: responseBody, as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let message: String
        if text.isEmpty || text.contains("\u{FFFD}") {
            message = "Herald answered HTTP \(status) \(Self.reasonPhrase(status))"
        } else {
            message = text.count > 200 ? String(text.prefix(200)) + "…" : text
        }
        self.init(status: status, code: "http_\(status)", message: message)
    }

    /// A few words for the statuses an API answer may have.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "(no error document)"
        }
    }
}
