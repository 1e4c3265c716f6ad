/// The body of a batch request: a JSON array of envelopes, each with its message id.
extension EventEnvelope {
    /// The envelope with its message id first, `{"id","type","timestamp","version"?,"data"}`:
    /// one element of a batch.
    public func encoded(id: String) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(encodedSizeEstimate(id: id))
        append(to: &bytes, id: id)
        return bytes
    }

    /// The body of a batch request: a compact JSON array of `members` in the order given, each
    /// the envelope with its message id in `"id"` and its `data` copied verbatim. One buffer,
    /// sized up front, written once: cheap enough for the sender's hot path.
    ///
    /// Keep the order stable (the claim's order, or by message id), so that a retry of the batch
    /// re-sends the same bytes under the same `webhook-id`.
    public static func encodedBatch(_ members: [(id: String, envelope: EventEnvelope)]) -> [UInt8] {
        var capacity = 2
        for member in members { capacity += member.envelope.encodedSizeEstimate(id: member.id) + 1 }
        var bytes = [UInt8]()
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "["))
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            member.envelope.append(to: &bytes, id: member.id)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}
