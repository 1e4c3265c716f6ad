@testable import HeraldDelivery
import HeraldTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The delivery transport's pool on real loopback connections: kept-alive connections wait for
/// the next exchange, go once idle too long, and all go at shutdown.
@Suite("Delivery transport")
struct DeliveryTransportTests {
    private func post(_ transport: DeliveryTransport, to receiver: HostileReceiver) async throws -> KeptResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1:\(receiver.port)")
        headers.add(name: "Content-Length", value: "2")
        let target = ConnectTarget(address: try SocketAddress(ipAddress: "127.0.0.1", port: receiver.port))
        return try await transport.exchange(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/hook", headers: headers),
                                            body: ByteBuffer(string: "{}"), to: target, deadline: .now() + .seconds(30), limit: 4096)
    }

    @Test("a connection idle longer than the idle timeout is closed; the next exchange opens another")
    func idleTimeout() async throws {
        let receiver = try await HostileReceiver.start(.oneAnswerPerConnection)
        defer { Task { await receiver.stop() } }
        let transport = DeliveryTransport(idleTimeout: .milliseconds(400))
        defer { transport.shutdown() }
        let answer = try await post(transport, to: receiver)
        #expect(answer.head.status == .ok)
        #expect(answer.body == Array("ok".utf8))
        #expect(transport.idleConnectionCount == 1, "kept for the next exchange")
        let deadline = ContinuousClock.now + .seconds(20)
        while (transport.idleConnectionCount > 0 || receiver.open > 0) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(transport.idleConnectionCount == 0)
        #expect(receiver.open == 0, "the idle connection was closed")
        _ = try await post(transport, to: receiver)
        #expect(receiver.accepted == 2)
    }

    @Test("shutdown closes every idle connection and keeps none afterwards")
    func shutdown() async throws {
        let receiver = try await HostileReceiver.start(.oneAnswerPerConnection)
        defer { Task { await receiver.stop() } }
        let transport = DeliveryTransport()
        _ = try await post(transport, to: receiver)
        #expect(transport.idleConnectionCount == 1)
        transport.shutdown()
        let deadline = ContinuousClock.now + .seconds(20)
        while receiver.open > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(receiver.open == 0)
        _ = try await post(transport, to: receiver)
        #expect(transport.idleConnectionCount == 0, "nothing is kept after shutdown")
    }

    @Test("bytes arriving on an idle kept-alive connection close it, an answer or not HTTP: its framing can no longer be trusted",
          arguments: ["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "SMTP READY\r\n\r\n"])
    func unsolicited(bytes: String) async throws {
        let receiver = try await HostileReceiver.start(.answerThenUnsolicited(after: .milliseconds(200), bytes: bytes))
        defer { Task { await receiver.stop() } }
        let transport = DeliveryTransport()
        defer { transport.shutdown() }
        let answer = try await post(transport, to: receiver)
        #expect(answer.head.status == .ok)
        let deadline = ContinuousClock.now + .seconds(20)
        while receiver.open > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(receiver.open == 0, "the connection that carried the unsolicited answer was closed")
        // The closed connection is not handed out again: the next exchange opens another.
        _ = try await post(transport, to: receiver)
        #expect(receiver.accepted == 2)
    }
}
