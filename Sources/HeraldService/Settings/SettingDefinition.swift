/// One setting of `herald serve`, under its three names: the command-line flag, the
/// environment variable and the key in a `--config` file. ``HeraldSettings/definitions`` lists
/// every setting once; the flags, the documentation and the tests are checked against it.
public struct SettingDefinition: Sendable, Hashable {
    /// How a value is written, which decides how a config file's typed values are read.
    public enum Kind: Sendable, Hashable {
        /// Free text: a host, a path, a URL, a token, a choice among words.
        case text
        /// A whole number.
        case integer
        /// `true`/`false` (also `1`/`0`, `yes`/`no`).
        case boolean
        /// A duration such as `15s`, `5m`, `2h`, `1d`.
        case duration
        /// A comma-separated list (an array in a config file).
        case list
    }

    /// The key in a config file and in the configuration reader, e.g. `requestTimeout`.
    public let key: String
    /// How its value is written.
    public let kind: Kind
    /// Whether the value is a secret, kept out of logs and access reports.
    public let isSecret: Bool

    /// Creates a definition.
    public init(_ key: String, _ kind: Kind, isSecret: Bool = false) {
        self.key = key
        self.kind = kind
        self.isSecret = isSecret
    }

    /// The flag, e.g. `--request-timeout`.
    public var flag: String {
        "--" + Self.words(of: key).joined(separator: "-")
    }

    /// The environment variable, e.g. `HERALD_REQUEST_TIMEOUT`.
    public var environmentVariable: String {
        (["HERALD"] + Self.words(of: key).map { $0.uppercased() }).joined(separator: "_")
    }

    /// All three names, for error messages.
    public var names: String {
        "\(flag) / \(environmentVariable) / '\(key)' in the config file"
    }

    /// `requestTimeout` → `["request", "timeout"]`; a capital after a lower-case letter starts a word,
    /// as swift-configuration's environment-variable names do.
    static func words(of key: String) -> [String] {
        var words = [String]()
        var current = ""
        var previousIsLower = false
        for character in key {
            if character.isUppercase && previousIsLower {
                words.append(current)
                current = ""
            }
            current.append(character.lowercased())
            previousIsLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
