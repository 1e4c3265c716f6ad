import NIOCore
import NIOHTTP1

/// What Herald keeps of an endpoint's answer: the head and the first bytes of the body.
public struct KeptResponse: Sendable {
    /// The response head.
    public let head: HTTPResponseHead
    /// At most the limit the request was made with; the rest was never read.
    public let body: [UInt8]

    /// An answer's head and the kept part of its body.
    public init(head: HTTPResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }
}
