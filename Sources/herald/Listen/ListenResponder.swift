import Foundation
import Herald
import HeraldReceiver
import HeraldReceiverHummingbird
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers every request `herald listen` receives: verifies it (unless told not to), prints
/// it, and answers — with the forwarded app's answer, a rehearsed status, or 200.
struct ListenResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let check: WebhookRequestCheck?
    let filter: EventTypeFilter
    let answers: ListenAnswers?
    let forwarder: ListenForwarder?
    let output: ListenOutput

    /// The largest body read (a development tool, but still bounded).
    static let maximumBodyBytes = 5 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let received = Date()
        let incoming: IncomingWebhook
        switch try await IncomingWebhook.read(request, context: context, maximumBodyBytes: Self.maximumBodyBytes) {
        case .success(let read):
            incoming = read
        case .failure(let rejection):
            output.report(ListenRecord(time: received, method: request.method.rawValue, path: request.uri.path, webhookID: nil, types: [],
                                       verification: .failed(rejection), body: [], status: rejection.status))
            return Self.answer(rejection.status, ReceiverAnswer.rejected(rejection).body)
        }
        let body = incoming.body
        let headers = incoming.headers
        var record = ListenRecord(time: received, method: request.method.rawValue, path: request.uri.path, webhookID: headers[WebhookHeaders.id],
                                  types: [], verification: .notChecked, body: body, status: 200)
        if let check {
            switch check.check(incoming) {
            case .failure(let rejection):
                record.verification = .failed(rejection)
                record.status = rejection.status
                output.report(record)
                return Self.answer(rejection.status, ReceiverAnswer.rejected(rejection).body)
            case .success(let verified):
                record.verification = .verified
                record.types = verified.events.map(\.type)
            }
        } else {
            record.types = Self.unverifiedTypes(body)
        }
        guard record.types.isEmpty ? filter.patterns.isEmpty : record.types.contains(where: filter.matches) else {
            return Self.answer(200, #"{"filtered":true}"#)
        }
        if let forwarder {
            let forwarded = await forwarder.forward(method: request.method, headers: request.headers, body: body)
            record.forwarded = forwarded
            switch forwarded {
            case .answered(let status, _, let responseBody):
                record.status = status
                output.report(record)
                return Self.answer(status, String(decoding: responseBody, as: UTF8.self), contentType: nil)
            case .failed:
                record.status = 502
                output.report(record)
                return Self.answer(502, #"{"error":{"code":"forwardFailed","message":"herald listen could not reach --forward-to"}}"#)
            }
        }
        record.status = answers?.take() ?? 200
        output.report(record)
        return Self.answer(record.status, record.status < 300 ? #"{"received":true}"# : #"{"rehearsed":\#(record.status)}"#)
    }

    /// The types a body names, read without verifying (for --no-verify): an envelope's
    /// `"type"`, or each member's in an array.
    static func unverifiedTypes(_ body: [UInt8]) -> [String] {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) else { return [] }
        let objects = (json as? [[String: Any]]) ?? ((json as? [String: Any]).map { [$0] } ?? [])
        return objects.compactMap { $0["type"] as? String }
    }

    static func answer(_ status: Int, _ body: String, contentType: String? = "application/json") -> Response {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
