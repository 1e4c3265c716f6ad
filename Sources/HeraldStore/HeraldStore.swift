/// Everything Herald persists. One implementation per database (SQLite here; PostgreSQL
/// later), so that every SQL statement and row type stays behind this protocol.
///
/// Writes are durable when the method returns. Times are milliseconds since 1970.
public protocol HeraldStore: Sendable {
    // MARK: Health and settings

    /// Throws when the database cannot be reached.
    func checkHealth() async throws
    /// A stored setting, such as the API token's hash.
    func setting(_ key: String) async throws -> String?
    /// Stores `value` under `key` unless a value is there already; returns the value that is stored.
    func insertSettingIfAbsent(_ key: String, value: String) async throws -> String

    // MARK: Applications

    /// Stores a new application; a taken uid is a `conflict`.
    func createApplication(_ application: ApplicationRecord) async throws
    /// The application with this id or, failing that, this uid.
    func application(idOrUID: String) async throws -> ApplicationRecord?
    /// Applications, newest first.
    func listApplications(_ page: PageRequest) async throws -> Page<ApplicationRecord>
    /// Replaces an application's fields; a taken uid is a `conflict`, a missing one `notFound`.
    func updateApplication(_ application: ApplicationRecord) async throws
    /// Deletes an application with its endpoints and messages; false when there was none.
    func deleteApplication(id: String) async throws -> Bool

    // MARK: Event types

    /// Stores a new event type; an existing name is a `conflict`.
    func createEventType(_ eventType: EventTypeRecord) async throws
    /// The event type of this name.
    func eventType(name: String) async throws -> EventTypeRecord?
    /// Event types, newest first.
    func listEventTypes(_ page: PageRequest) async throws -> Page<EventTypeRecord>
    /// Every event type, for the in-memory catalog.
    func allEventTypes() async throws -> [EventTypeRecord]
    /// Replaces an event type's fields.
    func updateEventType(_ eventType: EventTypeRecord) async throws
    /// Deletes an event type; false when there was none.
    func deleteEventType(name: String) async throws -> Bool

    // MARK: Endpoints

    /// Stores a new endpoint with its first secret.
    func createEndpoint(_ endpoint: EndpointRecord, secret: EndpointSecretRecord) async throws
    /// The endpoint with this id in this application.
    func endpoint(appID: String, id: String) async throws -> EndpointRecord?
    /// An application's endpoints, newest first.
    func listEndpoints(appID: String, _ page: PageRequest) async throws -> Page<EndpointRecord>
    /// Replaces an endpoint's fields.
    func updateEndpoint(_ endpoint: EndpointRecord) async throws
    /// Deletes an endpoint and its pending deliveries; false when there was none.
    func deleteEndpoint(appID: String, id: String) async throws -> Bool
    /// The endpoint's secrets still valid at `now`, the current one first.
    func endpointSecrets(endpointID: String, now: Int64) async throws -> [EndpointSecretRecord]
    /// Makes `secret` current; the old current one expires at `previousExpiresAt`.
    func rotateEndpointSecret(endpointID: String, secret: EndpointSecretRecord, previousExpiresAt: Int64) async throws

    // MARK: Messages

    /// Accepts messages: each is one transaction with one delivery per enabled endpoint of
    /// its application whose filter matches; concurrent calls share commits.
    func acceptMessage(_ submission: MessageSubmission, now: Int64) async throws -> AcceptOutcome
    /// The message with this id in this application.
    func message(appID: String, id: String) async throws -> MessageRecord?
    /// An application's messages, newest first.
    func listMessages(appID: String, filter: MessageFilter, _ page: PageRequest) async throws -> Page<MessageRecord>
    /// How many deliveries a message has (for tests and the API).
    func deliveryCount(messageID: String) async throws -> Int

    // MARK: Delivery

    /// Rung whenever deliveries become due without a dispatcher having scheduled them.
    var deliverySignal: DeliverySignal { get }
    /// Claims up to `limit` due deliveries of enabled endpoints not in `excludingEndpoints`,
    /// oldest due first, under a lease that ends at `leaseUntil`.
    func claimDueDeliveries(now: Int64, limit: Int, leaseUntil: Int64, excludingEndpoints: [String]) async throws -> [ClaimedDelivery]
    /// Makes deliveries whose lease ran out (their dispatcher died) due again; returns how many.
    func expireLeases(now: Int64) async throws -> Int
    /// Makes every in-flight delivery due again: for a store only this process uses, at start.
    func releaseAllLeases(now: Int64) async throws -> Int
    /// When the earliest waiting delivery is due, if any.
    func nextDueTime() async throws -> Int64?
    /// Gives claimed deliveries back without an attempt, due at `notBefore`.
    func releaseDeliveries(_ deliveryIDs: [Int64], notBefore: Int64) async throws
    /// Moves an endpoint's waiting deliveries to at least `until` (its circuit is open) without using attempts.
    func deferWaitingDeliveries(endpointID: String, until: Int64) async throws
    /// Writes attempts and their deliveries' new states in one transaction; disables endpoints
    /// that asked for it or have failed without a success since `failingSinceLimit`. Returns the
    /// ids of the endpoints it disabled.
    func recordAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64) async throws -> [String]
    /// Attempts of a message or of an endpoint (one of the two is given), newest first.
    func listAttempts(appID: String, messageID: String?, endpointID: String?, filter: AttemptFilter, _ page: PageRequest) async throws -> Page<AttemptRecord>
    /// The delivery of a message to an endpoint: its status, attempts made and when the next is due.
    func delivery(messageID: String, endpointID: String) async throws -> DeliveryState?
    /// Queues one manual attempt of a message to an endpoint now, creating the delivery if needed.
    func resendDelivery(messageID: String, endpointID: String, now: Int64) async throws
    /// Re-queues the endpoint's failed and exhausted deliveries created in `[since, until]`; returns how many.
    func recoverDeliveries(endpointID: String, since: Int64, until: Int64?, now: Int64) async throws -> Int
    /// Deletes up to `limit` messages created before `before`, with their deliveries and attempts,
    /// and idempotency keys older than `idempotencyBefore`; returns how many messages went.
    func deleteExpired(before: Int64, idempotencyBefore: Int64, limit: Int) async throws -> Int
}
