import Configuration
import Foundation
import HeraldDelivery

/// Typed reads of the settings through a `ConfigReader`. Flags and environment variables are
/// text; a config file may hold numbers, booleans and arrays too, so each read asks for text
/// first and for the setting's own type second. Empty text counts as not set.
struct SettingValues {
    let config: ConfigReader

    /// The value as text, whichever provider has it and however the file typed it.
    func raw(_ key: String) -> String? {
        let definition = HeraldSettings.definition(key)
        let configKey = ConfigKey(key)
        if let text = config.string(forKey: configKey, isSecret: definition.isSecret) {
            return text.isEmpty ? nil : text
        }
        switch definition.kind {
        case .integer: return config.int(forKey: configKey).map(String.init)
        case .boolean: return config.bool(forKey: configKey).map(String.init)
        case .list: return config.stringArray(forKey: configKey).map { $0.joined(separator: ",") }
        case .text, .duration: return nil
        }
    }

    func text(_ key: String) throws(SettingsError) -> String? {
        raw(key)
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(SettingsError) -> Int? {
        guard let text = raw(key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw SettingsError.invalid(HeraldSettings.definition(key), "a whole number from \(range.lowerBound) to \(range.upperBound)", got: text)
        }
        return value
    }

    func boolean(_ key: String) throws(SettingsError) -> Bool? {
        guard let text = raw(key) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw SettingsError.invalid(HeraldSettings.definition(key), "true or false", got: text)
        }
    }

    /// A duration of at least one second and at most `longest` seconds.
    func duration(_ key: String, atMost longest: Int) throws(SettingsError) -> Duration? {
        guard let text = raw(key) else { return nil }
        guard let seconds = RetrySchedule.seconds(text.trimmingCharacters(in: .whitespaces)), (1...longest).contains(seconds) else {
            throw SettingsError.invalid(HeraldSettings.definition(key), "a duration from 1s to \(Self.days(longest)) such as 15s, 5m, 2h or 1d", got: text)
        }
        return .seconds(seconds)
    }

    /// `3650d`, `1d`, or seconds when not whole days.
    static func days(_ seconds: Int) -> String {
        seconds % 86400 == 0 ? "\(seconds / 86400)d" : "\(seconds)s"
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) throws(SettingsError) -> Choice?
    where Choice.RawValue == String {
        guard let text = raw(key) else { return nil }
        guard let value = Choice(rawValue: text.lowercased()) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingsError.invalid(HeraldSettings.definition(key), "one of \(choices)", got: text)
        }
        return value
    }
}
