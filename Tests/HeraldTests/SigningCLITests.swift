import HeraldTestSupport
import Foundation
import Herald
import Testing

/// `herald secret`, `herald sign` and `herald verify`, run as processes.
@Suite("herald sign / verify / secret")
struct SigningCLITests {
    static let vectors = StandardWebhooksVectors.all

    @Test("sign reproduces every symmetric vector", arguments: vectors.symmetric)
    func sign(_ vector: StandardWebhooksVectors.Symmetric) async throws {
        let result = try await HeraldProcess.run(["sign", "--secret", vector.secret, "--id", vector.id, "--timestamp", String(vector.timestamp)], input: vector.body)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == vector.signature + "\n")
    }

    @Test("sign reproduces every Ed25519 vector", arguments: vectors.asymmetric)
    func signEd25519(_ vector: StandardWebhooksVectors.Asymmetric) async throws {
        let result = try await HeraldProcess.run(["sign", "--secret", vector.secret_key, "--id", vector.id, "--timestamp", String(vector.timestamp)], input: Array(vector.payload.utf8))
        #expect(result.standardOutput == vector.signature + "\n")
    }

    @Test("verify accepts every good vector", arguments: vectors.symmetric + vectors.must_pass_multi)
    func verifyGood(_ vector: StandardWebhooksVectors.Symmetric) async throws {
        let result = try await HeraldProcess.run(verifyArguments(vector.secret, vector.id, vector.timestamp, vector.signature), input: vector.body)
        #expect(result.status == 0)
        #expect(result.standardOutput == "valid\n")
    }

    @Test("verify accepts the Ed25519 vector with its public key", arguments: vectors.asymmetric)
    func verifyEd25519(_ vector: StandardWebhooksVectors.Asymmetric) async throws {
        let result = try await HeraldProcess.run(verifyArguments(vector.public_key, vector.id, vector.timestamp, vector.signature), input: Array(vector.payload.utf8))
        #expect(result.status == 0)
        #expect(result.standardOutput == "valid\n")
    }

    @Test("verify rejects every must_fail vector and names the check", arguments: vectors.must_fail)
    func verifyBad(_ vector: StandardWebhooksVectors.Symmetric) async throws {
        let result = try await HeraldProcess.run(verifyArguments(vector.secret, vector.id, vector.timestamp, vector.signature), input: vector.body)
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("invalid: noMatchingSignature"))
    }

    @Test("verify names timestamp and format failures")
    func verifyNamesChecks() async throws {
        let vector = Self.vectors.symmetric[0]
        let old = try await HeraldProcess.run(["verify", "--secret", vector.secret, "--id", vector.id, "--timestamp", String(vector.timestamp), "--signature", vector.signature, "--now", String(vector.timestamp + 301)], input: vector.body)
        #expect(old.status == 1)
        #expect(old.standardOutput.hasPrefix("invalid: timestampTooOld"))
        let malformed = try await HeraldProcess.run(verifyArguments(vector.secret, vector.id, vector.timestamp, "v1,"), input: vector.body)
        #expect(malformed.standardOutput.hasPrefix("invalid: malformedSignature"))
        let badKey = try await HeraldProcess.run(verifyArguments("whsec_!!", vector.id, vector.timestamp, vector.signature), input: vector.body)
        #expect(badKey.status == 2)
        #expect(badKey.standardError.contains("--secret"))
    }

    @Test("verify with two secrets accepts a rotation header signed by either")
    func verifyRotation() async throws {
        let vector = Self.vectors.symmetric[0]
        let other = try WebhookSecret.generate().serialized
        let result = try await HeraldProcess.run(["verify", "--secret", other, "--secret", vector.secret, "--id", vector.id, "--timestamp", String(vector.timestamp), "--signature", vector.signature, "--now", String(vector.timestamp)], input: vector.body)
        #expect(result.standardOutput == "valid\n")
    }

    @Test("secret generate prints keys that parse and sign")
    func generate() async throws {
        let symmetric = try await HeraldProcess.run(["secret", "generate"])
        let line = symmetric.standardOutput.trimmingCharacters(in: .newlines)
        #expect(try WebhookSecret(line).bytes.count == 32)
        let pair = try await HeraldProcess.run(["secret", "generate", "--ed25519"]).standardOutput.split(separator: "\n").map(String.init)
        #expect(pair.count == 2)
        let privateKey = try Ed25519SigningKey(pair[0])
        #expect(privateKey.publicKey == (try Ed25519PublicKey(pair[1])))
        let tooShort = try await HeraldProcess.run(["secret", "generate", "--bytes", "8"])
        #expect(tooShort.status == 2)
        #expect(tooShort.standardError.contains("24 to 64"))
    }

    @Test("help has examples for each command", arguments: [["--help"], ["sign", "--help"], ["verify", "--help"], ["secret", "generate", "--help"]])
    func help(_ arguments: [String]) async throws {
        let result = try await HeraldProcess.run(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Example"))
    }

    func verifyArguments(_ secret: String, _ id: String, _ timestamp: Int64, _ signature: String) -> [String] {
        ["verify", "--secret", secret, "--id", id, "--timestamp", String(timestamp), "--signature", signature, "--now", String(timestamp)]
    }
}
