import Herald

/// The checks every request goes through before anything is recorded, in order: the method,
/// the body's size, the source address, the signature (over the whole body, for a batch too),
/// then the body as one event or a batch of them. Used by the receiver and by `herald listen`.
public struct WebhookRequestCheck: Sendable {
    /// The signature check.
    public let verifier: WebhookVerifier
    /// Where requests may come from (any address when nil).
    public let allowlist: SourceAllowlist?
    /// The largest body accepted.
    public let maximumBodyBytes: Int

    /// Checks with `verifier`, `allowlist` and a body limit.
    public init(verifier: WebhookVerifier, allowlist: SourceAllowlist? = nil, maximumBodyBytes: Int = ReceiverConfiguration.defaultMaximumBodyBytes) {
        self.verifier = verifier
        self.allowlist = allowlist
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// The verified request, or why it was refused.
    public func check(_ request: IncomingWebhook) -> Result<VerifiedWebhook, ReceiverRejection> {
        guard request.method.uppercased() == "POST" else {
            return .failure(ReceiverRejection(.methodNotAllowed, "webhooks are delivered with POST, not \(request.method)"))
        }
        guard request.body.count <= maximumBodyBytes else {
            return .failure(ReceiverRejection(.bodyTooLarge, "the body is \(request.body.count) bytes; this receiver accepts at most \(maximumBodyBytes)"))
        }
        if let allowlist, !allowlist.allows(peer: request.peer, forwardedFor: request.headers["x-forwarded-for"]) {
            let source = request.peer.map { "\($0)" } ?? "an unknown address"
            return .failure(ReceiverRejection(.sourceNotAllowed, "requests from \(source) are not allowed by this receiver's source allowlist"))
        }
        let header: (String) -> String? = { request.headers[$0] }
        do throws(WebhookVerificationError) {
            if Self.isBatch(request) {
                let batch = try verifier.verifyBatch(body: request.body, header: header)
                return .success(VerifiedWebhook(requestID: batch.id, timestamp: batch.timestamp, isBatch: true,
                                                events: EnvelopeDecoding.events(of: batch)))
            }
            let verified = try verifier.verify(body: request.body, header: header)
            do throws(ReceiverRejection) {
                let event = try EnvelopeDecoding.event(body: request.body, requestID: verified.id, requestTimestamp: verified.timestamp)
                return .success(VerifiedWebhook(requestID: verified.id, timestamp: verified.timestamp, isBatch: false, events: [event]))
            } catch {
                return .failure(error)
            }
        } catch {
            return .failure(ReceiverRejection(error))
        }
    }

    /// A batch says so with `webhook-batch-size`, or its body is a JSON array.
    static func isBatch(_ request: IncomingWebhook) -> Bool {
        if request.headers[WebhookHeaders.batchSize] != nil { return true }
        let first = request.body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return first == UInt8(ascii: "[")
    }
}
