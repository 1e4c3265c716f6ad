import HeraldStore

/// What the dispatcher holds in memory: deliveries claimed and not yet recorded or given back,
/// counted and weighed by their payloads, so claims stop at either limit.
struct HeldDeliveries {
    private(set) var count = 0
    private(set) var payloadBytes = 0
    /// The largest payload of the latest claim: the next claim asks for no more deliveries than
    /// fit in the bytes left at that size.
    private(set) var recentLargestPayload = 1024

    mutating func add(_ deliveries: [ClaimedDelivery]) {
        guard !deliveries.isEmpty else { return }
        var largest = 1
        for delivery in deliveries {
            payloadBytes += delivery.message.payload.count
            largest = max(largest, delivery.message.payload.count)
        }
        count += deliveries.count
        recentLargestPayload = largest
    }

    mutating func remove(_ deliveries: some Sequence<ClaimedDelivery>) {
        for delivery in deliveries {
            count -= 1
            payloadBytes -= delivery.message.payload.count
        }
    }

    /// How many more deliveries a claim may ask for under both limits (0: none).
    func room(maximumCount: Int, maximumPayloadBytes: Int) -> Int {
        let bytesLeft = maximumPayloadBytes - payloadBytes
        guard count < maximumCount, bytesLeft > 0 else { return 0 }
        return min(maximumCount - count, max(1, bytesLeft / recentLargestPayload))
    }
}
