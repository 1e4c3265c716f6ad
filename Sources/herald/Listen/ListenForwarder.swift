import Herald
import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// `--forward-to`: passes a verified request on to the user's app with its original headers
/// and body, and brings back the app's answer (status, time, the first 64 KiB of its body).
struct ListenForwarder: Sendable {
    /// What the app answered, or why it could not be reached.
    enum Outcome: Sendable {
        case answered(status: Int, milliseconds: Int, body: [UInt8])
        case failed(String)
    }

    let client: HTTPClient
    let url: URL

    /// Connect within 5 s, answer within 30 s: a stuck app shows as a failure, not a hang.
    static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// How much of the app's answer is kept.
    static let maximumResponseBytes = 64 << 10

    func forward(method: HTTPRequest.Method, headers: HTTPFields, body: [UInt8]) async -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method.rawValue)
        for field in headers where !Self.hopByHop.contains(field.name.canonicalName) {
            request.headers.add(name: field.name.rawName, value: field.value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            var collected = [UInt8]()
            for try await chunk in response.body {
                collected += chunk.readableBytesView.prefix(Self.maximumResponseBytes - collected.count)
                if collected.count >= Self.maximumResponseBytes { break }
            }
            let took = ContinuousClock.now - started
            return .answered(status: Int(response.status.code), milliseconds: Int(took.milliseconds),
                             body: collected)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Headers that belong to one connection, not to the request.
    static let hopByHop: Set<String> = ["host", "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer"]
}
