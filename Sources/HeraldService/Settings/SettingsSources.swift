import Configuration
import Foundation
import SystemPackage
import Yams

/// Where `herald serve` reads its settings from, in one documented order: a flag wins over a
/// `HERALD_*` environment variable, which wins over the config file (`--config` or
/// `HERALD_CONFIG`, JSON or YAML), which wins over the default.
public enum SettingsSources {
    /// The flag, and the environment variable, naming the config file.
    public static let configFileFlag = "--config"
    /// See ``configFileFlag``.
    public static let configFileVariable = "HERALD_CONFIG"

    /// A reader over the three sources. `flags` maps setting keys (``SettingDefinition/key``) to
    /// the values given on the command line; `environment` is the process's environment; the
    /// config file is `configFile`, else the one `HERALD_CONFIG` names, if any.
    public static func reader(flags: [String: String], environment: [String: String], configFile: String? = nil) async throws(SettingsError) -> ConfigReader {
        var providers: [any ConfigProvider] = [flagProvider(flags), environmentProvider(environment)]
        if let path = configFile ?? environment[configFileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            providers.append(try await fileProvider(path))
        }
        return ConfigReader(providers: providers)
    }

    static func flagProvider(_ flags: [String: String]) -> InMemoryProvider {
        var values = [AbsoluteConfigKey: ConfigValue]()
        for (key, value) in flags {
            values[AbsoluteConfigKey([key])] = ConfigValue(.string(value), isSecret: HeraldSettings.definition(key).isSecret)
        }
        return InMemoryProvider(name: "flags", values: values)
    }

    /// `HERALD_*` variables, found under the settings' keys (`requestTimeout` → `HERALD_REQUEST_TIMEOUT`).
    static func environmentProvider(_ environment: [String: String]) -> some ConfigProvider {
        let secrets = Set(HeraldSettings.definitions.filter(\.isSecret).map(\.environmentVariable))
        let herald = environment.filter { $0.key.hasPrefix("HERALD_") && !$0.value.isEmpty }
        return EnvironmentVariablesProvider(environmentVariables: herald, secretsSpecifier: .specific(secrets)).prefixKeys(with: "herald")
    }

    /// A JSON or YAML file of settings under their keys, e.g. `{"port": 9000, "requestTimeout": "15s"}`.
    static func fileProvider(_ path: String) async throws(SettingsError) -> any ConfigProvider {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("config file '\(path)' (\(configFileFlag) / \(configFileVariable)) cannot be read")
        }
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
        guard isYAML || path.hasSuffix(".json") else {
            throw SettingsError("config file '\(path)' must end in .json, .yaml or .yml")
        }
        try checkKeys(try topLevelKeys(data, yaml: isYAML, path: path), path: path)
        let secrets = Set(HeraldSettings.definitions.filter(\.isSecret).map(\.key))
        do {
            if isYAML {
                return try await FileProvider<YAMLSnapshot>(parsingOptions: .init(secretsSpecifier: .specific(secrets)), filePath: FilePath(path))
            }
            return try await FileProvider<JSONSnapshot>(parsingOptions: .init(secretsSpecifier: .specific(secrets)), filePath: FilePath(path))
        } catch {
            throw SettingsError("config file '\(path)' cannot be read: \(error)")
        }
    }

    /// The file's top-level keys; it must be one object (mapping) of settings.
    static func topLevelKeys(_ data: Data, yaml: Bool, path: String) throws(SettingsError) -> [String] {
        let document: Any?
        do {
            document = yaml ? try Yams.load(yaml: String(decoding: data, as: UTF8.self)) : try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SettingsError("config file '\(path)' is not valid \(yaml ? "YAML" : "JSON"): \(error)")
        }
        guard let object = document as? [String: Any] else {
            throw SettingsError("config file '\(path)' must hold one object of settings, e.g. {\"port\": 8080}")
        }
        return Array(object.keys)
    }

    /// A key that names no setting is refused, so that a misspelt setting is not silently ignored.
    static func checkKeys(_ keys: [String], path: String) throws(SettingsError) {
        let known = Set(HeraldSettings.definitions.map(\.key))
        if let unknown = keys.sorted().first(where: { !known.contains($0) }) {
            throw SettingsError("config file '\(path)': '\(unknown)' is not a setting; the settings are \(known.sorted().joined(separator: ", "))")
        }
    }
}
