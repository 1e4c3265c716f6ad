import HeraldStore

/// One request the dispatcher is about to make, in one of an endpoint's slots: a single
/// delivery, or a batch of deliveries to the same endpoint sent as one JSON array.
struct PlannedRequest: Sendable {
    /// The deliveries it carries, by delivery id (a batch's order is fixed by its ids, so every
    /// retry of a batch sends the same body).
    let members: [ClaimedDelivery]
    /// The batch (`bat_…`) for a batched request, nil for a single delivery.
    let batchID: String?
    /// True when the batch is new: its members are written into it before it is sent, so that
    /// a retry (or a restart) sends them together again, under the same `webhook-id`.
    let isNewBatch: Bool

    /// A single delivery.
    init(single delivery: ClaimedDelivery) {
        self.members = [delivery]
        self.batchID = nil
        self.isNewBatch = false
    }

    /// A batch: `isNewBatch` when `batchID` was made for it just now.
    init(batch batchID: String, members: [ClaimedDelivery], isNewBatch: Bool) {
        self.members = members.sorted { $0.deliveryID < $1.deliveryID }
        self.batchID = batchID
        self.isNewBatch = isNewBatch
    }

    /// The endpoint every member goes to.
    var endpoint: EndpointRecord { members[0].endpoint }

    /// The attempt number the retry policy decides on: a batch's members share one schedule, so
    /// the one with most attempts behind it sets the pace for all.
    var attemptNumber: Int { (members.map(\.attemptsMade).max() ?? 0) + 1 }
}

/// A finished request: what was sent, what came back, what it means, and one outcome per member.
struct FinishedRequest: Sendable {
    let request: PlannedRequest
    let result: AttemptResult
    let decision: DeliveryPolicy.Decision
    let outcomes: [AttemptOutcome]
}
