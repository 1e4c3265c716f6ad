import Foundation
import Herald
import Testing

/// `WebhookVerifier.verifyBatch` on bodies signed by Herald's own signer.
@Suite("Batch verification")
struct BatchVerificationTests {
    let secret = try! WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    let batchID = "bat_01JDQ8ZQ4S5W7Y9A1C3E5G7J9K"
    let signedAt: Int64 = 1_614_265_330
    let events = [
        BatchedEvent(id: "msg_01JDQ8ZQ4S5W7Y9A1C3E5G7J9A", type: "order.created", timestamp: Date(timeIntervalSince1970: 1_614_265_000.125),
                     data: Array(#"{"id":"ord_1","total":12.50,"note":"caf\u00e9"}"#.utf8)),
        BatchedEvent(id: "msg_01JDQ8ZQ4S5W7Y9A1C3E5G7J9B", type: "invoice.paid", timestamp: Date(timeIntervalSince1970: 1_614_265_001),
                     version: "2024-01", data: Array(#"{ "id" : "in_7", "lines":[1, 2e3] }"#.utf8)),
    ]

    var verifier: WebhookVerifier { WebhookVerifier(keys: [.symmetric(secret)], clock: .fixed(signedAt)) }

    var body: [UInt8] { EventEnvelope.encodedBatch(events.map { (id: $0.id, envelope: $0.envelope) }) }

    func headers(for body: [UInt8], id: String? = nil, size: String? = nil) -> [String: String] {
        var headers = [
            "Webhook-Id": id ?? batchID, "Webhook-Timestamp": String(signedAt),
            "Webhook-Signature": WebhookSigner(key: .symmetric(secret)).signature(id: id ?? batchID, timestamp: signedAt, body: body),
        ]
        if let size { headers["Webhook-Batch-Size"] = size }
        return headers
    }

    func code(_ operation: () throws -> Void) -> WebhookVerificationError.Code? {
        do { try operation(); return nil } catch { return (error as? WebhookVerificationError)?.code }
    }

    func message(_ operation: () throws -> Void) -> String {
        do { try operation(); return "" } catch { return (error as? WebhookVerificationError)?.message ?? "\(error)" }
    }

    @Test("a signed batch verifies once and yields every event with its id, type, time, version and exact data")
    func verifies() throws {
        let batch = try verifier.verifyBatch(body: body, headers: headers(for: body, size: "2"))
        #expect(batch.id == batchID)
        #expect(batch.timestamp == signedAt)
        #expect(batch.events == events)
        #expect(String(decoding: batch.events[1].data, as: UTF8.self) == #"{ "id" : "in_7", "lines":[1, 2e3] }"#)
        #expect(batch.events[0].envelope.encoded(id: batch.events[0].id) == events[0].envelope.encoded(id: events[0].id))
    }

    @Test("webhook-batch-size is optional, and any Data body works")
    func withoutSizeHeader() throws {
        let batch = try verifier.verifyBatch(body: Data(body), headers: headers(for: body))
        #expect(batch.events.count == 2)
    }

    @Test("the header lookup adapts any HTTP library")
    func headerLookup() throws {
        let headers = headers(for: body, size: "2")
        let batch = try verifier.verifyBatch(body: body) { name in headers.first { $0.key.lowercased() == name }?.value }
        #expect(batch.events.map(\.id) == events.map(\.id))
    }

    @Test("a tampered body, a changed id or another key fails the signature before anything is parsed")
    func tampered() {
        var changed = body
        changed[changed.count - 3] = UInt8(ascii: "9")
        #expect(code { _ = try verifier.verifyBatch(body: changed, headers: headers(for: body)) } == .noMatchingSignature)
        var otherID = headers(for: body)
        otherID["Webhook-Id"] = "bat_01JDQ8ZQ4S5W7Y9A1C3E5G7J9Z"
        #expect(code { _ = try verifier.verifyBatch(body: body, headers: otherID) } == .noMatchingSignature)
        let otherKey = WebhookVerifier(keys: [.symmetric(try! WebhookSecret.generate())], clock: .fixed(signedAt))
        #expect(code { _ = try otherKey.verifyBatch(body: body, headers: headers(for: body)) } == .noMatchingSignature)
        // Garbage that is not signed is refused for its signature, not parsed.
        #expect(code { _ = try verifier.verifyBatch(body: Array("nope".utf8), headers: headers(for: body)) } == .noMatchingSignature)
        #expect(code { _ = try verifier.verifyBatch(body: body, headers: ["webhook-id": batchID]) } == .missingHeader)
    }

    @Test("webhook-batch-size must count the events", arguments: ["1", "3", "0", "x", "", "-2", "2 ", "99999999999"])
    func sizeMismatch(_ size: String) {
        #expect(code { _ = try verifier.verifyBatch(body: body, headers: headers(for: body, size: size)) } == .invalidBatch)
    }

    @Test("a signed body that is not an array of envelopes is an invalidBatch error naming the problem", arguments: [
        (#"{"id":"msg_1","type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","data":{}}"#, "not a JSON array"),
        (#"[1, 2]"#, "object 0"),
        (#"[{"id":"msg_1","type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","data":{}},"#, "not a JSON array"),
        (#"[{"type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","data":{}}]"#, "event 0 of the batch has no \"id\""),
        (#"[{"id":"","type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","data":{}}]"#, "\"id\" of event 0"),
        (#"[{"id":7,"type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","data":{}}]"#, "\"id\" of event 0 of the batch is not a string"),
        (#"[{"id":"m","type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","data":{}},{"id":"n","timestamp":"2021-02-25T15:02:10.000Z","data":{}}]"#,
         "event 1 of the batch has no \"type\""),
        (#"[{"id":"m","type":"t.e","timestamp":"yesterday","data":{}}]"#, "\"timestamp\" of event 0"),
        (#"[{"id":"m","type":"t.e","timestamp":"2021-02-25T15:02:10.000Z"}]"#, "no \"data\""),
        (#"[{"id":"m","type":"t.e","timestamp":"2021-02-25T15:02:10.000Z","version":null,"data":{}}]"#, "\"version\" of event 0"),
    ])
    func notEnvelopes(_ text: String, _ expected: String) {
        let signed = Array(text.utf8)
        let failure = message { _ = try verifier.verifyBatch(body: signed, headers: headers(for: signed)) }
        #expect(code { _ = try verifier.verifyBatch(body: signed, headers: headers(for: signed)) } == .invalidBatch)
        #expect(failure.contains(expected), "\(failure)")
    }

    @Test("an empty array is a batch of no events; members it does not know are ignored")
    func lenient() throws {
        let empty = Array("[]".utf8)
        #expect(try verifier.verifyBatch(body: empty, headers: headers(for: empty, size: "0")).events.isEmpty)
        let extra = Array(#"[{"id":"m","type":"t.e","timestamp":"2021-02-25T15:02:10Z","data":null,"later":true}]"#.utf8)
        let batch = try verifier.verifyBatch(body: extra, headers: headers(for: extra, size: "1"))
        #expect(batch.events == [BatchedEvent(id: "m", type: "t.e", timestamp: Date(timeIntervalSince1970: 1_614_265_330), data: Array("null".utf8))])
    }

    @Test("decodeBatch reads a body on its own")
    func decodeOnly() throws {
        #expect(try BatchedEvent.decodeBatch(body) == events)
    }
}
