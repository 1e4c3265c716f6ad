/// Everything Herald persists, behind one protocol: one implementation per database
/// (`HeraldSQLite`, `HeraldPostgres`), so that every SQL statement and row type stays behind it. Times are
/// milliseconds since 1970; lists are newest first.
///
/// Callers make the ids of applications, endpoints, messages and attempts as Herald's
/// `PrefixedID`s (ULIDs) at the record's creation time (`createdAt`, an attempt's `startedAt`),
/// so that ids sort by creation time: a store may order lists by id, and find the messages
/// created before a time by their ids.
///
/// `StoreConformance` (the `HeraldStoreConformance` target) checks every behaviour documented
/// here; each implementation runs it against its own stores.
///
/// ## Durability
///
/// Each member says which of two classes its writes belong to:
///
/// - **Synced**: when the call returns, the change is on disk and survives a process crash and a
///   power cut. Everything a client was told about (an accepted message, a created endpoint, a
///   queued resend) is synced, so a `202` is never followed by a lost message.
/// - **Bookkeeping**: the dispatcher's own records (claims, attempt records, released or deferred
///   leases, retention deletes). When the call returns the change survives a process crash
///   (`kill -9`), but a power cut may lose the most recent ones; the next synced write makes them
///   durable together with everything before it. Losing one costs at most a repeated delivery
///   (an attempt made again, which receivers drop by its `webhook-id`) and a late retention
///   sweep; never a lost message, because messages are only ever added by synced writes.
///
/// Reads see every write that returned before they started, from any caller.
///
/// ## Errors
///
/// Members throw ``StoreError``: `conflict` and `notFound` where a member names them, and
/// `unavailable` (retryable) when the database cannot be reached; a failed call changes nothing.
/// Every write is safe to repeat after an `unavailable` error.
public protocol HeraldStore: Sendable {
    // MARK: Health and settings

    /// Throws `unavailable` when the database cannot be read.
    func checkHealth() async throws
    /// The stored value of a setting (such as the API token's hash), or nil.
    func setting(_ key: String) async throws -> String?
    /// Stores `value` under `key` unless a value is there already; returns the value that is
    /// stored, so that of two processes racing, both use the winner's. Synced.
    func insertSettingIfAbsent(_ key: String, value: String) async throws -> String

    // MARK: Applications

    /// Stores a new application; a taken uid is a `conflict`. Synced.
    func createApplication(_ application: ApplicationRecord) async throws
    /// The application with this id or, failing that, this uid.
    func application(idOrUID: String) async throws -> ApplicationRecord?
    /// Applications, newest first.
    func listApplications(_ page: PageRequest) async throws -> Page<ApplicationRecord>
    /// Replaces an application's uid, name, metadata and `updatedAt`; a taken uid is a
    /// `conflict`, a missing application `notFound`. Synced.
    func updateApplication(_ application: ApplicationRecord) async throws
    /// Deletes an application with its endpoints, messages, deliveries, attempts and
    /// idempotency keys; false when there was none. Synced.
    func deleteApplication(id: String) async throws -> Bool

    // MARK: Event types

    /// Stores a new event type; an existing name is a `conflict`. Synced.
    func createEventType(_ eventType: EventTypeRecord) async throws
    /// The event type of this name.
    func eventType(name: String) async throws -> EventTypeRecord?
    /// Event types, newest first.
    func listEventTypes(_ page: PageRequest) async throws -> Page<EventTypeRecord>
    /// Replaces an event type's description, schema, deprecation, version and `updatedAt`; a
    /// missing one is `notFound`. Synced.
    func updateEventType(_ eventType: EventTypeRecord) async throws
    /// Deletes an event type; false when there was none. Messages already sent keep its name. Synced.
    func deleteEventType(name: String) async throws -> Bool

    // MARK: Endpoints

    /// Stores a new endpoint of an existing application with its first (current) secret; an
    /// unknown application is `notFound`. Synced.
    func createEndpoint(_ endpoint: EndpointRecord, secret: EndpointSecretRecord) async throws
    /// The endpoint with this id in this application (nil for another application's endpoint).
    func endpoint(appID: String, id: String) async throws -> EndpointRecord?
    /// An application's endpoints, newest first.
    func listEndpoints(appID: String, _ page: PageRequest) async throws -> Page<EndpointRecord>
    /// Replaces an endpoint's fields; a missing one (or one of another application) is `notFound`.
    /// Disabling it cancels what waits for it, claimed or not (an attempt already under way is
    /// still recorded, but does not revive the delivery); enabling it again forgets its failures.
    /// Synced.
    func updateEndpoint(_ endpoint: EndpointRecord) async throws
    /// Deletes an endpoint with its attempts and the deliveries that wait for it, claimed or not;
    /// false when there was none (or it belongs to another application). Synced.
    func deleteEndpoint(appID: String, id: String) async throws -> Bool
    /// The endpoint's secrets still valid at `now`: the current one first, then rotated-out ones
    /// that still sign, newest first.
    func endpointSecrets(endpointID: String, now: Int64) async throws -> [EndpointSecretRecord]
    /// Makes `secret` current; the old current one keeps signing until `previousExpiresAt`, and
    /// secrets expired by `secret.createdAt` are forgotten. The endpoint's `updatedAt` moves to
    /// `secret.createdAt` (unless it is later already), so that whoever cached its secrets for an
    /// older `updatedAt` reads them again. Synced.
    func rotateEndpointSecret(endpointID: String, secret: EndpointSecretRecord, previousExpiresAt: Int64) async throws

    // MARK: Messages

    /// Accepts a message with one `pending` delivery per enabled endpoint of its application whose
    /// filter matches, due at `now`, in one transaction; or answers as the idempotency key or the
    /// event id require (see ``AcceptOutcome``). Concurrent calls share commits. Synced, every
    /// outcome included. An unknown application is `notFound`.
    func acceptMessage(_ submission: MessageSubmission, now: Int64) async throws -> AcceptOutcome
    /// The message with this id in this application.
    func message(appID: String, id: String) async throws -> MessageRecord?
    /// An application's messages, newest first.
    func listMessages(appID: String, filter: MessageFilter, _ page: PageRequest) async throws -> Page<MessageRecord>

    // MARK: Delivery

    /// Rung whenever deliveries become due without a dispatcher having scheduled them (a message
    /// accepted, a resend or a recovery).
    var deliverySignal: DeliverySignal { get }
    /// Claims up to `limit` due deliveries (`pending` or `failed` with `nextAttemptAt <= now`) of
    /// enabled endpoints not in `excludingEndpoints`, oldest due first, and marks them `inFlight`
    /// under a lease that ends at `leaseUntil`. Bookkeeping.
    ///
    /// A batch is claimed whole or not at all: with a delivery that is in a batch
    /// (``ClaimedDelivery/batchID``), the same call claims every other waiting (`pending` or
    /// `failed`) member of that batch, due or not and even beyond `limit`, so that its request
    /// goes out again with the same members. Members share their schedule (their outcomes are
    /// recorded together), so in practice they are due together. Claims come oldest due first,
    /// ties in delivery order.
    func claimDueDeliveries(now: Int64, limit: Int, leaseUntil: Int64, excludingEndpoints: [String]) async throws -> [ClaimedDelivery]
    /// Puts in-flight deliveries into the batch `batchID` (`bat_…`), which fixes its members:
    /// from then on every claim of one of them claims the others with it (see
    /// ``claimDueDeliveries(now:limit:leaseUntil:excludingEndpoints:)``), until an attempt of the
    /// batch ends them or a resend or recovery takes one out. Call it before the batch's first
    /// request is sent; a delivery that is no longer in flight (its endpoint was disabled or
    /// deleted meanwhile) is left alone, and one already in a batch moves to this one.
    /// Bookkeeping: losing it to a power cut only sends its members in a new batch, which
    /// receivers de-duplicate per event.
    func assignBatch(_ batchID: String, deliveryIDs: [Int64]) async throws
    /// Makes in-flight deliveries whose lease ended by `now` (their dispatcher died) due at once;
    /// returns how many. They stay in their batches. Bookkeeping.
    func expireLeases(now: Int64) async throws -> Int
    /// Makes every in-flight delivery due at `now`: for a store only this process uses, at start.
    /// They stay in their batches. Returns how many. Synced.
    func releaseAllLeases(now: Int64) async throws -> Int
    /// When the earliest waiting delivery of an enabled endpoint is due, if any waits.
    func nextDueTime() async throws -> Int64?
    /// Gives claimed deliveries back without an attempt, due no earlier than `notBefore`; they
    /// stay in their batches. Bookkeeping.
    func releaseDeliveries(_ deliveryIDs: [Int64], notBefore: Int64) async throws
    /// Moves an endpoint's waiting deliveries due before `until` to `until` (its circuit is open),
    /// without using attempts. Bookkeeping.
    func deferWaitingDeliveries(endpointID: String, until: Int64) async throws
    /// Writes attempts and their in-flight deliveries' new states in one transaction; disables
    /// endpoints that asked for it or have failed without a success since `failingSinceLimit`, and
    /// cancels what waits for them. Attempts of deliveries that are gone are dropped. A batch's
    /// request gives one outcome per member, each attempt with the batch's ``AttemptRecord/batchID``;
    /// a call with a hundred of them costs about one transaction. Returns the ids of the
    /// endpoints it disabled. Bookkeeping.
    func recordAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64) async throws -> [String]
    /// Attempts of a message or of an endpoint (one of the two is given), newest first.
    func listAttempts(appID: String, messageID: String?, endpointID: String?, filter: AttemptFilter, _ page: PageRequest) async throws -> Page<AttemptRecord>
    /// Queues one manual attempt of a message to an endpoint at `now`, creating the delivery if
    /// there was none (and reviving an exhausted one); an unknown message or endpoint is
    /// `notFound`. The delivery leaves its batch (the batch's other members are not resent), so
    /// a batched endpoint gets it in a new one. Synced.
    func resendDelivery(messageID: String, endpointID: String, now: Int64) async throws
    /// Re-queues the endpoint's failed and exhausted deliveries created in `[since, until]` for a
    /// manual attempt at `now`; returns how many. They leave their batches, so a batched endpoint
    /// gets them in new ones. Synced.
    func recoverDeliveries(endpointID: String, since: Int64, until: Int64?, now: Int64) async throws -> Int
    /// Deletes up to `limit` messages created before `before`, with their deliveries and
    /// attempts, and idempotency keys created before `idempotencyBefore`; returns how many
    /// messages went. Bookkeeping.
    func deleteExpired(before: Int64, idempotencyBefore: Int64, limit: Int) async throws -> Int

    // MARK: Statistics

    // Every attempt recorded by `recordAttempts` and every message accepted by `acceptMessage`
    // is also counted, in the same transaction, into per-minute and per-hour buckets (see
    // `StatisticsRollup`): reading statistics never scans attempts or messages.

    /// The buckets of `scope` of this granularity starting in `[from, until]`, oldest first;
    /// buckets with nothing counted may be left out. For an endpoint, `messages` is 0.
    func statistics(_ scope: StatisticsScope, granularity: StatisticsGranularity, from: Int64, until: Int64) async throws -> [StatisticsBucket]
    /// An endpoint's last success, last failure and since when it fails, as recorded.
    func endpointActivity(endpointID: String) async throws -> EndpointActivity
    /// Every endpoint's attempts in minute buckets starting in `[from, until]`, for endpoints with any.
    func endpointAttemptTotals(from: Int64, until: Int64) async throws -> [EndpointAttemptTotals]
    /// Every application's messages in minute buckets starting in `[from, until]`, for applications with any.
    func applicationMessageTotals(from: Int64, until: Int64) async throws -> [String: Int]
    /// What waits to be delivered to enabled endpoints at `now`.
    func queueDepth(now: Int64) async throws -> QueueDepth
    /// How many endpoints there are, disabled and failing: of one application, or of all when `appID` is nil.
    func endpointStateCounts(appID: String?) async throws -> EndpointStateCounts
    /// Endpoints that are disabled or failing (of one application, or of all when `appID` is
    /// nil), those failing longest first, then the disabled, at most `limit`.
    func unhealthyEndpoints(appID: String?, limit: Int) async throws -> [UnhealthyEndpoint]
    /// Deletes minute buckets that started before `minutesBefore` and hour buckets that started
    /// before `hoursBefore`; returns how many went. Bookkeeping.
    func deleteExpiredStatistics(minutesBefore: Int64, hoursBefore: Int64) async throws -> Int

    // MARK: Alerts

    /// Stores a new alert rule; a taken name is a `conflict`. Synced.
    func createAlertRule(_ rule: AlertRuleRecord) async throws
    /// The rule with this id.
    func alertRule(id: String) async throws -> AlertRuleRecord?
    /// Every rule, oldest first (there are few).
    func listAlertRules() async throws -> [AlertRuleRecord]
    /// Replaces a rule's fields; a missing one is `notFound`, a taken name a `conflict`. Synced.
    func updateAlertRule(_ rule: AlertRuleRecord) async throws
    /// Deletes a rule and its alerts; false when there was none. Synced.
    func deleteAlertRule(id: String) async throws -> Bool
    /// Moves the alert of `ruleID` about `subject` to firing (a new episode from `at`) or to
    /// resolved, with `figures`; answers true only for the call that made the change, so that
    /// of several processes evaluating the same rule exactly one announces each episode's start
    /// and end. Firing an alert that fires, or resolving one that does not, changes nothing. Synced.
    func transitionAlert(ruleID: String, subject: String, firing: Bool, at: Int64, figures: [String: String]) async throws -> Bool
    /// Alerts, firing ones only unless `includeResolved`, newest episode first.
    func listAlerts(includeResolved: Bool) async throws -> [AlertRecord]

    // MARK: Test inboxes

    /// Stores a new test inbox.
    func createTestInbox(_ inbox: TestInboxRecord) async throws
    /// The inbox with this id, expired or not (nil once deleted).
    func testInbox(id: String) async throws -> TestInboxRecord?
    /// Records a request to an inbox and deletes the inbox's oldest requests beyond the newest
    /// `keep`; an unknown inbox is `notFound`. Synced.
    func recordInboxRequest(_ request: InboxRequestRecord, keep: Int) async throws
    /// An inbox's requests, newest first.
    func listInboxRequests(inboxID: String, _ page: PageRequest) async throws -> Page<InboxRequestRecord>
    /// Deletes the inboxes that expired before `before`, with their requests; returns how many.
    func deleteExpiredTestInboxes(before: Int64) async throws -> Int

    // MARK: Portal links

    /// Stores a new portal link; an unknown application is `notFound`. Synced.
    func createPortalLink(_ link: PortalLinkRecord) async throws
    /// The portal link with this id, expired or revoked or not (nil once deleted).
    func portalLink(id: String) async throws -> PortalLinkRecord?
    /// An application's portal links, newest first.
    func listPortalLinks(appID: String, _ page: PageRequest) async throws -> Page<PortalLinkRecord>
    /// Revokes an application's link from `at` on (a link revoked before keeps its first
    /// time); false when the application has no such link. Synced.
    func revokePortalLink(appID: String, id: String, at: Int64) async throws -> Bool
    /// Deletes the links that expired before `before`; returns how many.
    func deleteExpiredPortalLinks(before: Int64) async throws -> Int
}
