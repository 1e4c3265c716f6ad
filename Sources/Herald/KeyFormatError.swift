/// Why a secret or key string could not be read.
public struct KeyFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the input.
    public enum Code: String, Sendable {
        /// The string does not start with the prefix its kind needs (`whsec_`, `whsk_`, `whpk_`).
        case badPrefix
        /// The part after the prefix is not valid padded Base64.
        case badBase64
        /// The decoded key has a length its kind does not allow.
        case wrongLength
        /// An Ed25519 `whsk_` key whose public half does not belong to its seed.
        case mismatchedKeyPair
    }

    /// The machine-readable reason.
    public let code: Code
    /// A sentence that says what to fix.
    public let message: String

    /// Creates an error with a code and an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
