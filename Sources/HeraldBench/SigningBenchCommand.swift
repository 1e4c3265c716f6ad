import ArgumentParser
import Crypto
import Foundation
import Herald

/// `herald bench signing`: sign and verify of a 1 KiB body against a bare HMAC-SHA256.
struct SigningBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing",
        abstract: "Sign and verify a body; compare with a bare HMAC-SHA256 over the same bytes.",
        discussion: "Example: swift run -c release herald bench signing --body-bytes 1024"
    )

    @Option(help: "Size of the body in bytes.")
    var bodyBytes = 1024

    @Option(help: "Seconds per measured round.")
    var seconds = 1.0

    @Option(help: "Measured rounds per operation (the best is reported).")
    var rounds = 3

    func run() throws {
        let secret = try WebhookSecret.generate()
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: bodyBytes)
        let id = PrefixedIDGenerator.shared.next(.message).rawValue
        let timestamp: Int64 = 1_700_000_000
        let signer = WebhookSigner(key: .symmetric(secret))
        let verifier = WebhookVerifier(keys: [.symmetric(secret)], clock: .fixed(timestamp))
        let header = signer.signature(id: id, timestamp: timestamp, body: body)
        let signedContent = Array("\(id).\(timestamp).".utf8) + body
        let key = SymmetricKey(data: secret.bytes)
        // A benchmark of a verifier that rejects would measure the wrong path.
        _ = try verifier.verify(body: body, id: id, timestamp: String(timestamp), signature: header)

        let hmac = BenchRate.measure(seconds: seconds, rounds: rounds) {
            HMAC<SHA256>.authenticationCode(for: signedContent, using: key).withUnsafeBytes { $0[0] }
        }
        let sign = BenchRate.measure(seconds: seconds, rounds: rounds) {
            signer.signature(id: id, timestamp: timestamp, body: body).utf8.last ?? 0
        }
        let verify = BenchRate.measure(seconds: seconds, rounds: rounds) {
            (try? verifier.verify(body: body, id: id, timestamp: "1700000000", signature: header)) == nil ? 0 : 1
        }
        print("body: \(bodyBytes) bytes, \(rounds) rounds of \(seconds) s, best round reported")
        print(row("bare HMAC-SHA256 (ceiling)", hmac.opsPerSecond, hmac.opsPerSecond))
        print(row("sign (v1)", sign.opsPerSecond, hmac.opsPerSecond))
        print(row("verify (v1)", verify.opsPerSecond, hmac.opsPerSecond))
        let verifyCost = hmac.opsPerSecond / verify.opsPerSecond
        print("verify costs \(format(verifyCost))x a bare HMAC (target: at most 1.5x)  [sink \(hmac.sink &+ sign.sink &+ verify.sink)]")
    }

    private func row(_ name: String, _ rate: Double, _ ceiling: Double) -> String {
        let label = name.padding(toLength: 28, withPad: " ", startingAt: 0)
        return "\(label) \(String(Int(rate)).leftPadded(10)) ops/s   ratio to ceiling \(format(rate / ceiling))"
    }

    private func format(_ value: Double) -> String {
        String(Double(Int(value * 1000)) / 1000)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
