import Foundation

extension WebhookVerifier {
    /// Verifies a batch request and returns its events: the signature over the whole body under
    /// the batch's `webhook-id` (exactly as ``verify(body:headers:)``), then the body as a JSON
    /// array of envelopes, then `webhook-batch-size` against their count when the header is
    /// there. Header names match in any case.
    ///
    /// ```swift
    /// let batch = try verifier.verifyBatch(body: body, headers: headers)
    /// for event in batch.events where !seen(event.id) { enqueue(event) }
    /// ```
    public func verifyBatch<Body: DataProtocol>(body: Body, headers: [String: String]) throws(WebhookVerificationError) -> VerifiedBatch {
        try verifyBatch(body: body) { name in
            headers.first { $0.key.lowercased() == name }?.value
        }
    }

    /// Verifies a batch request given its body and a lookup from lower-case header name to
    /// value; see ``verifyBatch(body:headers:)``.
    public func verifyBatch<Body: DataProtocol>(body: Body, header: (String) -> String?) throws(WebhookVerificationError) -> VerifiedBatch {
        let verified = try verify(body: body, header: header)
        let events = try BatchedEvent.decodeBatch(body)
        if let size = header(WebhookHeaders.batchSize) {
            guard !size.isEmpty, size.utf8.count <= 9, size.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let count = Int(size) else {
                throw WebhookVerificationError(.invalidBatch, "webhook-batch-size must be a whole number of events (digits only)")
            }
            guard count == events.count else {
                throw WebhookVerificationError(.invalidBatch, "webhook-batch-size says \(count) events, the body holds \(events.count)")
            }
        }
        return VerifiedBatch(id: verified.id, timestamp: verified.timestamp, events: events)
    }
}
