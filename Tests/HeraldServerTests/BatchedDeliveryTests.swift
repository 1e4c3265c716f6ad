import Foundation
import Herald
import HeraldTestSupport
import NIOHTTP1
import Testing

/// Endpoints with `batch`: several events per request, signed as one, retried whole.
@Suite("Batched delivery")
struct BatchedDeliveryTests {
    @Test("a batched endpoint gets its messages in signed batches of at most maxEvents; a short batch waits maxWaitMs",
          arguments: StoreBackend.allCases)
    func batches(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(on: backend) { setup in
            // A long wait, so that however slowly a loaded machine takes the twelve sends, only
            // the last two make a short batch.
            let endpoint = try await setup.endpoint(extra: #","batch":{"maxEvents":5,"maxWaitMs":8000}"#)
            var sent = [String]()
            for index in 0..<12 { sent.append(try await setup.send(#"{"n":\#(index)}"#)) }
            let requests = try await setup.receiver.waitFor(count: 3, timeout: .seconds(40))
            try await Task.sleep(for: .milliseconds(300))
            #expect(setup.receiver.count() == 3, "12 events in batches of at most 5 make 3 requests")

            let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: endpoint.secret)])
            var received = [String]()
            for request in requests {
                let batch = try verifier.verifyBatch(body: request.body) { request.header($0) }
                #expect(batch.id.hasPrefix("bat_"))
                #expect(request.header("webhook-id") == batch.id)
                #expect(request.header("webhook-batch-size") == String(batch.events.count))
                #expect(batch.events.allSatisfy { $0.type == "order.created" && $0.version == "2024-06" })
                #expect(batch.events.map(\.id) == batch.events.map(\.id).sorted(), "members in the order they were accepted")
                received += batch.events.map(\.id)
            }
            #expect(requests.map { Array($0.body).count > 0 } == [true, true, true])
            #expect(received.sorted() == sent.sorted(), "every message once, none twice")
            let sizes = try requests.map { request in try verifier.verifyBatch(body: request.body) { request.header($0) }.events.count }
            #expect(sizes.sorted() == [2, 5, 5])
            let short = try #require(requests.first { $0.header("webhook-batch-size") == "2" })
            let first = try #require(requests.map(\.receivedAt).min())
            #expect(short.receivedAt - first >= .seconds(4), "a batch short of maxEvents waits maxWaitMs for more")

            let attempts = try await setup.attempts(sent[0], atLeast: 1)
            let batchID = try #require(attempts.first?["batchId"] as? String)
            #expect(requests.contains { $0.header("webhook-id") == batchID })
            #expect(attempts.first?["status"] as? String == "succeeded")
        }
    }

    @Test("a failed batch is retried whole: the same webhook-id, the same body, one outcome for every member",
          arguments: StoreBackend.allCases)
    func retriedWhole(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(on: backend) { setup in
            setup.receiver.script("/hook", [.status(503), .status(200)])
            // A long wait, so three sends make one batch however slowly a loaded machine takes
            // them; the batch goes as soon as it holds three.
            _ = try await setup.endpoint(extra: #","batch":{"maxEvents":3,"maxWaitMs":8000}"#)
            var sent = [String]()
            for index in 0..<3 { sent.append(try await setup.send(#"{"n":\#(index)}"#)) }
            let requests = try await setup.receiver.waitFor(count: 2, timeout: .seconds(10))
            #expect(requests[0].header("webhook-id") == requests[1].header("webhook-id"))
            #expect(requests[0].body == requests[1].body, "a retry carries the same events in the same order")
            #expect(requests[0].header("webhook-batch-size") == "3")
            for message in sent {
                let attempts = try await setup.attempts(message, atLeast: 2)
                #expect(attempts.map { $0["status"] as? String } == ["succeeded", "failed"])
                #expect(attempts.map { $0["attemptNumber"] as? Int } == [2, 1])
                #expect(Set(attempts.compactMap { $0["batchId"] as? String }) == [requests[0].header("webhook-id") ?? ""])
            }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(setup.receiver.count() == 2, "nothing after the batch's success")
        }
    }

    @Test("when an endpoint stops batching, its pending batch's members go one by one under their own ids",
          arguments: StoreBackend.allCases)
    func stopsBatching(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(["--retry-schedule", "2s,1s"], on: backend) { setup in
            setup.receiver.script("/hook", [.status(500), .status(200)])
            // A long wait, so the two sends make one batch however slowly a loaded machine takes
            // them; the batch goes as soon as it holds two.
            let endpoint = try await setup.endpoint(extra: #","batch":{"maxEvents":2,"maxWaitMs":8000}"#)
            let first = try await setup.send(#"{"n":1}"#)
            let second = try await setup.send(#"{"n":2}"#)
            let failed = try await setup.receiver.waitFor(count: 1, timeout: .seconds(10))
            #expect(failed[0].header("webhook-batch-size") == "2")
            let patched = try await setup.api.patch("/api/v1/apps/\(setup.app)/endpoints/\(endpoint.id)", #"{"batch":null}"#)
            #expect(patched.status == 200, "\(patched.text)")
            let requests = try await setup.receiver.waitFor(count: 3, timeout: .seconds(20))
            #expect(Set(requests.dropFirst().map { $0.header("webhook-id") }) == [first, second])
            #expect(requests.dropFirst().allSatisfy { $0.header("webhook-batch-size") == nil })
            let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: endpoint.secret)])
            for request in requests.dropFirst() { try verifier.verify(body: request.body) { request.header($0) } }
        }
    }

    @Test("a manual resend to a batched endpoint goes at once, in a batch of its own", arguments: StoreBackend.allCases)
    func resendAlone(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(on: backend) { setup in
            let endpoint = try await setup.endpoint(extra: #","batch":{"maxEvents":50,"maxWaitMs":300}"#)
            let message = try await setup.send()
            _ = try await setup.receiver.waitFor(count: 1, timeout: .seconds(10))
            _ = try await setup.attempts(message, atLeast: 1)
            let resent = try await setup.api.request(.POST, "/api/v1/apps/\(setup.app)/messages/\(message)/endpoints/\(endpoint.id)/resend")
            #expect(resent.status == 202, "\(resent.text)")
            let requests = try await setup.receiver.waitFor(count: 2, timeout: .seconds(10))
            #expect(requests[1].header("webhook-batch-size") == "1")
            #expect(requests[1].header("webhook-id") != requests[0].header("webhook-id"), "a resend is a new batch")
            let attempts = try await setup.attempts(message, atLeast: 2)
            #expect(attempts.first?["trigger"] as? String == "manual")
        }
    }

    /// Runs wherever the reference library is installed (.ci/run installs it; CI must have it).
    @Test("a batch verifies with the standardwebhooks reference library (Python)",
          .enabled(if: PythonVerifier.shouldRun), arguments: StoreBackend.allCases)
    func referenceVerifier(backend: StoreBackend) async throws {
        guard let python = PythonVerifier.requiredInterpreter() else { return }
        try await DeliveryFixture.run(on: backend) { setup in
            let endpoint = try await setup.endpoint(extra: #","batch":{"maxEvents":3,"maxWaitMs":8000}"#)
            for index in 0..<3 { _ = try await setup.send(#"{"n":\#(index),"text":"caf\u00e9"}"#) }
            let requests = try await setup.receiver.waitFor(count: 1, timeout: .seconds(10))
            let verdict = try await PythonVerifier.run(python, secret: endpoint.secret, requests: requests)
            #expect(verdict.status == 0, "\(verdict.output)")
            let array = try JSONSerialization.jsonObject(with: Data(requests[0].body)) as? [[String: Any]]
            #expect(array?.count == 3)
        }
    }
}
