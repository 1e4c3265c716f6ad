import ArgumentParser
import Herald

/// `herald secret …`: make signing secrets.
struct SecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Create signing secrets and keys.",
        subcommands: [Generate.self]
    )

    /// `herald secret generate`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new signing secret.",
            discussion: """
            A symmetric secret (whsec_…, HMAC-SHA256, 'v1') by default; with --ed25519 a private
            key (whsk_…, 'v1a') on the first line and its public key (whpk_…) on the second.

            Examples:
              herald secret generate
              herald secret generate --bytes 64
              herald secret generate --ed25519
            """
        )

        @Flag(help: "Make an Ed25519 key pair instead of a symmetric secret.")
        var ed25519 = false

        @Option(help: "Length of a symmetric secret in bytes, 24 to 64.")
        var bytes = WebhookSecret.defaultByteCount

        func run() throws {
            if ed25519 {
                let key = Ed25519SigningKey.generate()
                print(key.serialized)
                print(key.publicKey.serialized)
                return
            }
            do {
                print(try WebhookSecret.generate(byteCount: bytes).serialized)
            } catch {
                throw fail(error.message)
            }
        }
    }
}
