/// A setting that cannot be used, or a config file that cannot be read. The message names the
/// setting under all its names and says what a good value looks like; it never shows a secret.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// An unusable value of a setting.
    static func invalid(_ definition: SettingDefinition, _ requirement: String, got value: String) -> SettingsError {
        let shown = definition.isSecret ? "" : ", got '\(value)'"
        return SettingsError("\(definition.key) (\(definition.names)) must be \(requirement)\(shown)")
    }

    /// The message.
    public var description: String { message }
}
