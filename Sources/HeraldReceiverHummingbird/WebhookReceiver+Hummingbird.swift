import Herald
import HeraldReceiver
import HTTPTypes
import Hummingbird
import NIOCore

extension WebhookReceiver {
    /// Answers a Hummingbird request: reads the body up to the configured limit (413 past it),
    /// takes the peer's address when the context knows it (``RemoteAddressRequestContext``, as
    /// the source allowlist needs), and responds with ``receive(_:)``'s answer.
    public func respond<Context: RequestContext>(to request: Request, context: Context) async throws -> Response {
        let limit = configuration.maximumBodyBytes
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return Self.response(.rejected(ReceiverRejection(.bodyTooLarge, "the body is larger than the \(limit) bytes this receiver accepts")))
        }
        var headers = [String: String](minimumCapacity: request.headers.count)
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let peer = (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
        let incoming = IncomingWebhook(method: request.method.rawValue, headers: headers,
                                       body: body.readBytes(length: body.readableBytes) ?? [], peer: peer)
        return Self.response(await receive(incoming))
    }

    static func response(_ answer: ReceiverAnswer) -> Response {
        Response(status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
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
