import ArgumentParser
import Herald

/// `herald verify`: check a webhook's signature the way a receiver does.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a webhook body read from standard input; prints 'valid' or the check that failed.",
        discussion: """
        Exits 0 when valid, 1 when a check failed (the line names it: missingHeader,
        invalidTimestamp, timestampTooOld, timestampTooNew, noMatchingSignature,
        malformedSignature), 2 when an argument is wrong.

        Example:
          echo -n '{"test": 2432232314}' | herald verify \\
            --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \\
            --id msg_p5jXN8AQM9LWM0D4loKWxJek --timestamp 1614265330 \\
            --signature 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' --now 1614265330
        """
    )

    @Option(name: .long, help: "A whsec_ secret, whpk_ public key or whsk_ key; repeat for several.")
    var secret: [String]

    @Option(help: "The webhook-id header.")
    var id: String

    @Option(help: "The webhook-timestamp header, exactly as received.")
    var timestamp: String

    @Option(help: "The webhook-signature header.")
    var signature: String

    @Option(help: "Check the timestamp against this unix time instead of the clock.")
    var now: Int64?

    @Option(help: "Accepted clock difference in seconds, either way.")
    var tolerance: Int64 = WebhookVerifier.defaultToleranceSeconds

    func validate() throws {
        if secret.isEmpty { throw ValidationError("give at least one --secret") }
    }

    func run() throws {
        var keys = [VerificationKey]()
        for text in secret {
            do { keys.append(try VerificationKey(parsing: text)) } catch { throw fail("--secret: \(error.message)") }
        }
        let clock = now.map(WebhookClock.fixed) ?? .system
        let verifier = WebhookVerifier(keys: keys, toleranceSeconds: tolerance, clock: clock)
        do {
            try verifier.verify(body: StandardInput.readAll(), id: id, timestamp: timestamp, signature: signature)
            print("valid")
        } catch {
            print("invalid: \(error.code.rawValue): \(error.message)")
            throw ExitCode(1)
        }
    }
}
