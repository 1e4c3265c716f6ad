import HeraldStore

/// Short forms of the writes and reads cases repeat, all through the protocol.
extension HeraldStore {
    /// Creates an application at `time` and returns it.
    func addApplication(at time: Int64, uid: String? = nil) async throws -> ApplicationRecord {
        let application = Make.application(at: time, uid: uid)
        try await createApplication(application)
        return application
    }

    /// Creates an endpoint of `appID` at `time`, with a fresh secret, and returns it.
    func addEndpoint(to appID: String, at time: Int64, eventTypes: [String] = [], disabled: Bool = false) async throws -> EndpointRecord {
        let endpoint = Make.endpoint(of: appID, at: time, eventTypes: eventTypes, disabled: disabled)
        try await createEndpoint(endpoint, secret: Make.secret(at: time))
        return endpoint
    }

    /// Accepts a message to `appID` made at `time` (also the acceptance's `now`) and returns it;
    /// throws unless the store accepted it.
    @discardableResult
    func send(to appID: String, at time: Int64, eventType: String = "invoice.paid", eventID: String? = nil) async throws -> MessageRecord {
        let message = Make.message(to: appID, at: time, eventType: eventType, eventID: eventID)
        let outcome = try await acceptMessage(Make.submission(message), now: time)
        guard case .accepted = outcome else { throw SetupFailure("accepting \(message.id) answered \(outcome)") }
        return message
    }

    /// Claims every delivery due at `time` (up to 1,000) under a lease of a minute.
    func claimAll(at time: Int64, excluding endpoints: [String] = []) async throws -> [ClaimedDelivery] {
        try await claimDueDeliveries(now: time, limit: 1000, leaseUntil: time + 60_000, excludingEndpoints: endpoints)
    }

    /// Claims every delivery due at `time` and requires exactly `count` of them.
    func claim(_ count: Int, at time: Int64) async throws -> [ClaimedDelivery] {
        let claimed = try await claimAll(at: time)
        guard claimed.count == count else { throw SetupFailure("expected \(count) due deliveries at \(time), claimed \(claimed.count)") }
        return claimed
    }

    /// Records outcomes at the time of their first attempt, with a failing-since limit no
    /// endpoint reaches; returns the endpoints disabled.
    @discardableResult
    func record(_ outcomes: AttemptOutcome...) async throws -> [String] {
        try await recordAttempts(outcomes, now: outcomes.first?.attempt.startedAt ?? suiteEpoch, failingSinceLimit: 0)
    }

    /// Records `outcomes` (a batch's, say) in one call at the time of the first attempt, with a
    /// failing-since limit no endpoint reaches; returns the endpoints disabled.
    @discardableResult
    func record(contentsOf outcomes: [AttemptOutcome]) async throws -> [String] {
        try await recordAttempts(outcomes, now: outcomes.first?.attempt.startedAt ?? suiteEpoch, failingSinceLimit: 0)
    }

    /// Every message of `appID` that matches `filter`, read page by page.
    func allMessages(of appID: String, filter: MessageFilter = MessageFilter()) async throws -> [MessageRecord] {
        try await readAll(limit: 100) { try await listMessages(appID: appID, filter: filter, $0) }
    }

    /// Every attempt of a message or of an endpoint of `appID` that matches `filter`, read page by page.
    func allAttempts(of appID: String, message messageID: String? = nil, endpoint endpointID: String? = nil,
                     filter: AttemptFilter = AttemptFilter()) async throws -> [AttemptRecord] {
        try await readAll(limit: 100) { try await listAttempts(appID: appID, messageID: messageID, endpointID: endpointID, filter: filter, $0) }
    }

    /// Every endpoint of `appID`, read page by page.
    func allEndpoints(of appID: String) async throws -> [EndpointRecord] {
        try await readAll(limit: 100) { try await listEndpoints(appID: appID, $0) }
    }
}
