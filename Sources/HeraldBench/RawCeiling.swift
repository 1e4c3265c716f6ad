import ArgumentParser
import AsyncHTTPClient
import Foundation
import Herald
import HeraldDelivery
import NIOCore
import NIOHTTP1

/// The raw clients' rates to a receiver, each measured straight (signed POSTs of a typical body,
/// round-robin over the URLs, at the dispatcher's concurrency, nothing recorded):
/// - `transport`: Herald's own ``DeliveryTransport``, the one its sender uses, so the ratio to it
///   is what Herald's bookkeeping costs;
/// - `client`: AsyncHTTPClient, the general-purpose client Herald delivered through until
///   2026-12-08, against which the earlier figures in docs/benchmarks.md were taken.
struct RawCeiling {
    let transport: LoadRunner.Report
    let client: LoadRunner.Report

    /// Both clients, one after the other, `total` requests each.
    static func measure(concurrency: Int, urls: [String], total: Int) async throws -> RawCeiling {
        let transport = DeliveryTransport()
        defer { transport.shutdown() }
        let client = WebhookSender.makeClient(maximumConnectionsPerHost: concurrency)
        defer { _ = client.shutdown() }
        let secret = try WebhookSecret.generate()
        let body = EventEnvelope(type: "bench.event", timestamp: Date(), data: Array(#"{"n":1,"fill":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#.utf8)).encoded()
        @Sendable func signed(_ index: Int) -> [(String, String)] {
            [("Content-Type", "application/json")]
                + WebhookSigner(key: .symmetric(secret)).headers(id: "msg_raw\(index)", timestamp: Int64(Date().timeIntervalSince1970), body: body)
        }
        let runner = LoadRunner(client: client, concurrency: concurrency)
        let targets = try urls.map(TransportTarget.init)
        let viaTransport = await runner.runTransport(total: total, transport: transport) { index in
            let target = targets[index % targets.count]
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: target.hostHeader)
            headers.add(name: "Content-Length", value: String(body.count))
            for (name, value) in signed(index) { headers.add(name: name, value: value) }
            return (HTTPRequestHead(version: .http1_1, method: .POST, uri: target.path, headers: headers), ByteBuffer(bytes: body), target.connect)
        } isSuccess: { $0.code < 300 }
        let templates = try urls.map { try HTTPClient.Request(url: $0, method: .POST) }
        let viaClient = await runner.runKept(total: total, makeRequest: { index in
            var request = templates[index % templates.count]
            for (name, value) in signed(index) { request.headers.add(name: name, value: value) }
            request.body = .byteBuffer(ByteBuffer(bytes: body))
            return request
        }, isSuccess: { $0.code < 300 })
        return RawCeiling(transport: viaTransport, client: viaClient)
    }

    /// The mean of two measurements (before and after a phase), per client.
    static func mean(_ first: RawCeiling, _ second: RawCeiling) -> (transport: Double, client: Double) {
        ((first.transport.rate + second.transport.rate) / 2, (first.client.rate + second.client.rate) / 2)
    }
}

/// A benchmark URL (`http://IP:PORT/path`) as the transport wants it.
struct TransportTarget: Sendable {
    let connect: ConnectTarget
    let hostHeader: String
    let path: String

    init(_ url: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "http", let host = components.host, let port = components.port,
              let address = try? SocketAddress(ipAddress: host, port: port) else {
            throw ValidationError("the receiver URL must be http://IP:PORT/path with an IP address, not '\(url)'")
        }
        connect = ConnectTarget(address: address)
        hostHeader = "\(host):\(port)"
        path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    }
}
