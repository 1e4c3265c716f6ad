import AsyncHTTPClient
import HeraldDelivery
import NIOCore
import NIOHTTP1
import Synchronization

extension KeptResponse {
    /// Sends `request` through `client` and keeps its answer's head and the first `limit` bytes
    /// of its body. The deadline bounds the whole exchange (waiting for a pooled connection,
    /// connecting, sending, the head and the kept part of the body): past it the request fails
    /// with `HTTPClientError.deadlineExceeded` and its connection is closed. When more body
    /// follows the kept part, the response is abandoned (its connection closed), so a huge or
    /// endless body costs nothing.
    ///
    /// This uses the client's delegate interface rather than `execute(_:deadline:)`: the
    /// latter's deadline ends once the head has arrived, so bounding the body needed a race
    /// against a timer (a task group and a sleep per request); here the whole exchange stays on
    /// the event loop with one scheduled deadline and one hand-off back to the caller.
    static func fetch(_ request: HTTPClient.Request, client: HTTPClient, deadline: NIODeadline, limit: Int) async throws -> KeptResponse {
        let collector = Collector(limit: limit)
        let task = client.execute(request: request, delegate: collector, deadline: deadline)
        return try await withTaskCancellationHandler {
            do {
                return try await task.futureResult.get()
            } catch is KeptEnough {
                return try collector.response()
            }
        } onCancel: {
            task.cancel()
        }
    }

    /// Ends a request once its kept part has arrived.
    struct KeptEnough: Error {}

    /// Collects the head and the kept part of the body. AsyncHTTPClient calls it on the
    /// request's event loop, one callback at a time; the mutex makes that visible to the checker.
    final class Collector: HTTPClientResponseDelegate, Sendable {
        typealias Response = KeptResponse

        private struct State {
            var head: HTTPResponseHead?
            var body: [UInt8] = []
        }

        private let limit: Int
        private let state = Mutex(State())

        init(limit: Int) {
            self.limit = limit
        }

        func didReceiveHead(task: HTTPClient.Task<KeptResponse>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
            state.withLock { $0.head = head }
            return task.eventLoop.makeSucceededVoidFuture()
        }

        func didReceiveBodyPart(task: HTTPClient.Task<KeptResponse>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
            let full = state.withLock { state in
                state.body.append(contentsOf: buffer.readableBytesView.prefix(limit - state.body.count))
                return state.body.count >= limit
            }
            // A failed future ends the request and closes its connection: nothing more is read.
            return full ? task.eventLoop.makeFailedFuture(KeptEnough()) : task.eventLoop.makeSucceededVoidFuture()
        }

        func didFinishRequest(task: HTTPClient.Task<KeptResponse>) throws -> KeptResponse {
            try response()
        }

        func response() throws -> KeptResponse {
            try state.withLock { state in
                guard let head = state.head else { throw HTTPClientError.remoteConnectionClosed }
                return KeptResponse(head: head, body: state.body)
            }
        }
    }
}
