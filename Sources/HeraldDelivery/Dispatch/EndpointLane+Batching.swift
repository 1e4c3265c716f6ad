import DequeModule
import Herald
import HeraldStore

/// How a lane turns its queue into requests.
///
/// - A delivery already in a batch (claimed again after a failed or interrupted attempt) goes
///   with every queued member of that batch, under the same batch id: the store claims a
///   batch whole, so a retry carries the same events as the first try.
/// - On a batched endpoint, a manual resend goes at once, in a batch of its own.
/// - Other deliveries to a batched endpoint wait to fill a new batch: it goes when it holds
///   `maxEvents`, when its oldest delivery has waited `maxWaitMs`, or when the dispatcher holds
///   as many deliveries as it may and so cannot bring more.
/// - When an endpoint stops batching, members of its old batches go one by one, each under its
///   own message id (the id they carried inside the batch, so a receiver that de-duplicates
///   by event id drops any it already processed): the endpoint's current setting wins, since
///   its receiver may no longer read arrays.
extension EndpointLane {
    /// What the head of the queue calls for.
    enum NextRequest {
        case single
        case existingBatch(String)
        case manualResend
        case newBatch(ofAtMost: Int)
    }

    /// True for a delivery that goes into a batch made for it now.
    static func joinsNewBatch(_ delivery: ClaimedDelivery) -> Bool {
        delivery.batchID == nil && !delivery.manual
    }

    func nextRequestReady(now: Int64, capacityReached: Bool) -> NextRequest? {
        guard let head = queue.first else { return nil }
        guard let batching else { return .single }
        if let batchID = head.batchID { return .existingBatch(batchID) }
        if head.manual { return .manualResend }
        let waiting = queue.lazy.filter(Self.joinsNewBatch).prefix(batching.maxEvents).count
        let waitedLongEnough = now - (batchWaitingSince ?? now) >= Int64(batching.maxWaitMilliseconds)
        guard waiting >= batching.maxEvents || waitedLongEnough || capacityReached else { return nil }
        return .newBatch(ofAtMost: batching.maxEvents)
    }

    func takeRequest(_ next: NextRequest, now: Int64) -> PlannedRequest {
        switch next {
        case .single:
            return PlannedRequest(single: queue.removeFirst())
        case .existingBatch(let batchID):
            let members = take { $0.batchID == batchID }
            return PlannedRequest(batch: batchID, members: members, isNewBatch: false)
        case .manualResend:
            return PlannedRequest(batch: PrefixedIDGenerator.shared.next(.batch).rawValue, members: [queue.removeFirst()], isNewBatch: true)
        case .newBatch(ofAtMost: let most):
            let members = take(atMost: most, where: Self.joinsNewBatch)
            batchWaitingSince = queue.contains(where: Self.joinsNewBatch) ? now : nil
            return PlannedRequest(batch: PrefixedIDGenerator.shared.next(.batch).rawValue, members: members, isNewBatch: true)
        }
    }

    /// Removes and returns the first `most` queued deliveries that match, keeping the others in order.
    func take(atMost most: Int = .max, where matches: (ClaimedDelivery) -> Bool) -> [ClaimedDelivery] {
        var taken = [ClaimedDelivery]()
        var kept = Deque<ClaimedDelivery>()
        for delivery in queue {
            if taken.count < most && matches(delivery) {
                taken.append(delivery)
            } else {
                kept.append(delivery)
            }
        }
        queue = kept
        return taken
    }
}
