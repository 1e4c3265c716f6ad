import Herald
import HeraldReceiver
import HTTPTypes
import Hummingbird
import NIOCore

extension WebhookReceiver {
    /// Answers a Hummingbird request with ``receive(_:)``'s answer as a response.
    public func respond<Context: RequestContext>(to request: Request, context: Context) async throws -> Response {
        try await answer(request, context: context).response
    }

    /// Reads a Hummingbird request (``IncomingWebhook/read(_:context:maximumBodyBytes:)``) and
    /// returns ``receive(_:)``'s answer, for a caller that wants to know what happened before it
    /// responds (``ReceiverAnswer/response`` is the response).
    public func answer<Context: RequestContext>(_ request: Request, context: Context) async throws -> ReceiverAnswer {
        switch try await IncomingWebhook.read(request, context: context, maximumBodyBytes: configuration.maximumBodyBytes) {
        case .success(let incoming):
            return await receive(incoming)
        case .failure(let rejection):
            return .rejected(rejection)
        }
    }
}

extension IncomingWebhook {
    /// A Hummingbird request as the receiver sees it: its body read up to `maximumBodyBytes`
    /// (refused as too large past it, at once when `Content-Length` says so), its headers, and
    /// the peer's address when the context knows it (``RemoteAddressRequestContext``, as the
    /// source allowlist needs).
    public static func read<Context: RequestContext>(_ request: Request, context: Context,
                                                     maximumBodyBytes limit: Int) async throws -> Result<IncomingWebhook, ReceiverRejection> {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return .failure(ReceiverRejection(.bodyTooLarge, "the body is \(declared) bytes; this receiver accepts at most \(limit)"))
        }
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return .failure(ReceiverRejection(.bodyTooLarge, "the body is larger than the \(limit) bytes this receiver accepts"))
        }
        var headers = [String: String](minimumCapacity: request.headers.count)
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let peer = (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
        return .success(IncomingWebhook(method: request.method.rawValue, headers: headers,
                                        body: body.readBytes(length: body.readableBytes) ?? [], peer: peer))
    }
}

extension ReceiverAnswer {
    /// The answer as a Hummingbird response: its status and JSON body.
    public var response: Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

extension Router {
    /// Serves `receiver` on POST `path` (any other method there answers 405 with the reason).
    @discardableResult
    public func addWebhookReceiver(_ receiver: WebhookReceiver, at path: RouterPath) -> Self {
        on(path, method: .post) { request, context in try await receiver.respond(to: request, context: context) }
        return self
    }
}
