import HeraldPostgres
import HeraldStore
import HeraldStoreConformance
import HeraldTestSupport
import Testing

/// Processes sharing one database hear of each other's work through NOTIFY.
@Suite("PostgreSQL notifications between stores")
struct PostgresNotificationTests {
    @Test("a message accepted through one store wakes the other store's dispatcher signal; none rings without work")
    func acceptWakesOtherStore() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let accepting = try await open(url)
            let delivering = try await open(url)
            #expect(await rings(delivering.deliverySignal, within: .seconds(10)), "the listener rings once when it starts listening")
            #expect(await !rings(delivering.deliverySignal, within: .milliseconds(300)), "nothing happened: no ring")

            let now: Int64 = 1_800_000_000_000
            try await accepting.createApplication(ApplicationRecord(id: "app_01JA0000000000000000000000", uid: nil, name: "A", metadata: [:], createdAt: now, updatedAt: now))
            try await accepting.createEndpoint(
                EndpointRecord(id: "ep_01JA0000000000000000000000", appID: "app_01JA0000000000000000000000", url: "https://example.com/hook", description: "",
                               eventTypes: [], disabled: false, rateLimit: nil, headers: [:], createdAt: now, updatedAt: now),
                secret: EndpointSecretRecord(key: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", expiresAt: nil, createdAt: now))
            #expect(await !rings(delivering.deliverySignal, within: .milliseconds(300)), "creating an application and an endpoint is no delivery")
            _ = try await accepting.acceptMessage(MessageSubmission(message: MessageRecord(id: "msg_01JA0000000000000000000000", appID: "app_01JA0000000000000000000000",
                                                                                          eventType: "t.e", eventID: nil, version: nil, payload: Array("{}".utf8), createdAt: now),
                                                                    idempotency: nil), now: now)
            #expect(await rings(delivering.deliverySignal, within: .seconds(20)), "the other store heard of the accepted message")
            let claimed = try await delivering.claimDueDeliveries(now: now, limit: 10, leaseUntil: now + 60_000, excludingEndpoints: [])
            #expect(claimed.map(\.message.id) == ["msg_01JA0000000000000000000000"])
            #expect(try await accepting.claimDueDeliveries(now: now, limit: 10, leaseUntil: now + 60_000, excludingEndpoints: []).isEmpty,
                    "claimed by one store, not claimable by the other")
            #expect(try await accepting.releaseAllLeases(now: now) == 0, "a store releases only its own leases")
            #expect(try await delivering.releaseAllLeases(now: now) == 1)
        }
    }
}
