import HeraldAPI
import HeraldClient
import Testing

@Suite("Transport failures")
struct TransportTests {
    @Test("a closed loopback port fails at once with 'cannot reach Herald'")
    func closedPortFailFast() async throws {
        let reserved = try LoopbackServer.closedPort()
        defer { withExtendedLifetime(reserved) {} }
        let server = "http://127.0.0.1:\(reserved.port)"
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: HeraldClientError.self) {
            try await HeraldClient.withDedicatedHTTPClient(baseURL: server, token: "t", connectTimeout: .seconds(120)) { herald in
                try await herald.listApps()
            }
        }
        #expect(error?.message == "cannot reach Herald at \(server): connection refused")
        #expect(error?.code == HeraldClientError.Code.unreachable)
        #expect(error?.status == 0)
        // Well under the 120 s connect timeout: the refusal ends it, not the timer. The bound is
        // loose because this runs as the whole suite starts, when a CI run once took 16 s here.
        #expect(clock.now - start < .seconds(60))
    }

    @Test("with the shared HTTPClient, a closed port fails by the timeout with the same message")
    func closedPortShared() async throws {
        let reserved = try LoopbackServer.closedPort()
        defer { withExtendedLifetime(reserved) {} }
        let server = "http://127.0.0.1:\(reserved.port)"
        let herald = HeraldClient(baseURL: server, token: "t", timeout: .seconds(5))
        let error = await #expect(throws: HeraldClientError.self) {
            try await herald.health()
        }
        #expect(error?.message == "cannot reach Herald at \(server): connection refused")
    }

    @Test("a server URL that is not a URL is a request problem, not a network one")
    func badURL() async throws {
        let error = await #expect(throws: HeraldClientError.self) {
            try await HeraldClient.withDedicatedHTTPClient(baseURL: "ftp://127.0.0.1:1", token: "t") { herald in
                try await herald.health()
            }
        }
        #expect(error?.code == HeraldClientError.Code.invalidRequest)
        #expect(error?.message.contains("ftp://127.0.0.1:1") == true)
    }
}
