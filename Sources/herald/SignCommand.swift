import ArgumentParser
import Herald

/// `herald sign`: compute a `webhook-signature` value.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a body read from standard input and print the webhook-signature value.",
        discussion: """
        The body is read byte for byte (no trailing newline is removed: use 'echo -n' or a file).
        Repeat --secret to sign with several keys, as during a rotation; a whsk_ key signs 'v1a'.

        Example:
          echo -n '{"test": 2432232314}' | herald sign \\
            --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \\
            --id msg_p5jXN8AQM9LWM0D4loKWxJek --timestamp 1614265330
        """
    )

    @Option(name: .long, help: "A whsec_ secret or whsk_ Ed25519 key; repeat for several.")
    var secret: [String]

    @Option(help: "The webhook-id (message id).")
    var id: String

    @Option(help: "The webhook-timestamp, unix seconds.")
    var timestamp: Int64

    func validate() throws {
        if secret.isEmpty { throw ValidationError("give at least one --secret") }
    }

    func run() throws {
        var keys = [SigningKey]()
        for text in secret {
            do { keys.append(try SigningKey(parsing: text)) } catch { throw fail("--secret: \(error.message)") }
        }
        let body = StandardInput.readAll()
        print(WebhookSigner(keys: keys).signature(id: id, timestamp: timestamp, body: body))
    }
}
