import Foundation
import NIOCore
import Synchronization

/// Posts benchmark messages and notes when each was accepted, over ``LeanHTTPPoster`` so the
/// load generator leaves the cores to the server it measures.
struct MessagePoster: Sendable {
    let poster: LeanHTTPPoster
    let path: String
    let headers: [(String, String)]

    init(baseURL: String, token: String, app: String) {
        let address = baseURL.dropFirst("http://".count).split(separator: ":")
        poster = LeanHTTPPoster(host: String(address[0]), port: Int(address[1]) ?? 80)
        path = "/api/v1/apps/\(app)/messages"
        headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
    }

    func post(_ index: Int) async -> (String, ContinuousClock.Instant)? {
        guard let answer = try? await poster.post(path, headers: headers, body: ByteBuffer(string: #"{"eventType":"bench.event","payload":{"n":\#(index)}}"#)),
              answer.status == 202 else { return nil }
        let at = ContinuousClock.now
        let text = String(buffer: answer.body)
        guard let range = text.range(of: #""id":""#) else { return nil }
        return (String(text[range.upperBound...].prefix { $0 != "\"" }), at)
    }

    func close() { poster.close() }
}

/// Accept instants by message id, filled from many tasks.
final class AcceptTimes: Sendable {
    private let times = Mutex<[String: ContinuousClock.Instant]>([:])
    func add(_ id: String, _ at: ContinuousClock.Instant) { times.withLock { $0[id] = at } }
    var count: Int { times.withLock { $0.count } }
    var snapshot: [String: ContinuousClock.Instant] { times.withLock { $0 } }
}
