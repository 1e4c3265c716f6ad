extension HeraldSettings {
    /// Every setting `herald serve` reads, once each. `docs/deployment.md` lists the same, and a
    /// test fails when a setting is missing there or from `herald serve --help`.
    public static let definitions: [SettingDefinition] = [
        SettingDefinition("host", .text),
        SettingDefinition("port", .integer),
        SettingDefinition("dataDir", .text),
        SettingDefinition("database", .text, isSecret: true),
        SettingDefinition("apiToken", .text, isSecret: true),
        SettingDefinition("maxPayloadBytes", .integer),
        SettingDefinition("requestHeadTimeout", .duration),
        SettingDefinition("requestBodyTimeout", .duration),
        SettingDefinition("idleTimeout", .duration),
        SettingDefinition("maxConnections", .integer),
        SettingDefinition("requireHttps", .boolean),
        SettingDefinition("role", .text),
        SettingDefinition("logLevel", .text),
        SettingDefinition("logFormat", .text),
        SettingDefinition("metrics", .boolean),
        SettingDefinition("metricsToken", .text, isSecret: true),
        SettingDefinition("alertInterval", .duration),
        SettingDefinition("allowedNetworks", .list),
        SettingDefinition("retrySchedule", .list),
        SettingDefinition("requestTimeout", .duration),
        SettingDefinition("leaseDuration", .duration),
        SettingDefinition("endpointConcurrency", .integer),
        SettingDefinition("circuitBreakerThreshold", .integer),
        SettingDefinition("circuitBreakerCoolDown", .duration),
        SettingDefinition("disableAfter", .duration),
        SettingDefinition("retention", .duration),
        SettingDefinition("tlsTrustRoots", .text),
        SettingDefinition("operatorWebhookUrl", .text),
        SettingDefinition("operatorWebhookSecret", .text, isSecret: true),
    ]

    /// The definition of `key`.
    static func definition(_ key: String) -> SettingDefinition {
        definitions.first { $0.key == key } ?? SettingDefinition(key, .text)
    }
}
