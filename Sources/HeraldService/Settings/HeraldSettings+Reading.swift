import Configuration
import Foundation
import Herald
import HeraldDelivery
import HeraldListener
import HeraldServer
import Logging

extension HeraldSettings {
    /// Reads every setting from `config` (see ``SettingsSources`` for the providers and their
    /// precedence); a setting no provider has keeps its default. Every value is checked here, so a
    /// bad one stops the start with a message that names it, instead of being ignored.
    public init(reading config: ConfigReader) throws(SettingsError) {
        self.init()
        let values = SettingValues(config: config)
        if let host = try values.text("host") { self.host = host }
        if let port = try values.integer("port", in: 0...65535) { self.port = port }
        if let directory = try values.text("dataDir") { self.dataDirectory = directory }
        self.database = try values.text("database")
        self.apiToken = try values.text("apiToken")
        if let bytes = try values.integer("maxPayloadBytes", in: 1024...(1 << 30)) { api.maxPayloadBytes = bytes }
        if let required = try values.boolean("requireHttps") { api.requireHTTPS = required }
        try readListener(values)
        if let role = try values.choice("role", Role.self) { self.role = role }
        if let level = try values.choice("logLevel", Logger.Level.self) { self.logLevel = level }
        if let format = try values.choice("logFormat", LogFormat.self) { self.logFormat = format }
        if let metrics = try values.boolean("metrics") { self.metrics = metrics }
        self.metricsToken = try values.text("metricsToken")
        if let interval = try values.duration("alertInterval", atMost: 3600) { self.alertInterval = interval }
        try readDelivery(values)
        if let retention = try values.duration("retention", atMost: 3650 * 86400) { self.retention = retention }
    }

    /// The listener's limits. A head may take minutes on the worst link, never hours; a body or an
    /// idle connection an hour at most; and no process can hold more than about a million
    /// descriptors (Linux's `fs.nr_open`), so neither can it hold more connections.
    private mutating func readListener(_ values: SettingValues) throws(SettingsError) {
        if let timeout = try values.duration("requestHeadTimeout", atMost: 300) { listener.requestHeadTimeout = timeout }
        if let timeout = try values.duration("requestBodyTimeout", atMost: 3600) { listener.requestBodyTimeout = timeout }
        if let timeout = try values.duration("idleTimeout", atMost: 3600) { listener.idleTimeout = timeout }
        if let count = try values.integer("maxConnections", in: 1...1_000_000) { listener.maxConnections = count }
    }

    private mutating func readDelivery(_ values: SettingValues) throws(SettingsError) {
        if let text = try values.text("allowedNetworks") {
            do {
                delivery.networkGuard = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks(text))
            } catch {
                throw SettingsError.invalid(Self.definition("allowedNetworks"), "a list of addresses or CIDR networks such as 10.0.0.0/8,fd00::/8 (\(error.message))", got: text)
            }
            api.networkGuard = delivery.networkGuard
        }
        if let text = try values.text("retrySchedule") {
            do {
                delivery.schedule = try RetrySchedule(parsing: text)
            } catch {
                throw SettingsError.invalid(Self.definition("retrySchedule"), "a list of delays such as 5s,5m,30m,2h (\(error.message))", got: text)
            }
        }
        if let timeout = try values.duration("requestTimeout", atMost: 3600) {
            delivery.requestTimeout = timeout
            delivery.leaseDuration = max(delivery.leaseDuration, timeout * 4)
        }
        if let lease = try values.duration("leaseDuration", atMost: 86400) {
            // A claim that runs out while its attempt is still on the wire is claimed again by
            // another process, and the receiver gets the message twice.
            guard lease >= delivery.requestTimeout * 2 else {
                throw SettingsError.invalid(Self.definition("leaseDuration"),
                                            "at least twice requestTimeout (\(delivery.requestTimeout.components.seconds)s), so that an attempt ends well within its claim",
                                            got: values.raw("leaseDuration") ?? "")
            }
            delivery.leaseDuration = lease
        }
        if let concurrency = try values.integer("endpointConcurrency", in: 1...1000) { delivery.endpointConcurrency = concurrency }
        if let threshold = try values.integer("circuitBreakerThreshold", in: 1...10_000) { delivery.breakerThreshold = threshold }
        if let coolDown = try values.duration("circuitBreakerCoolDown", atMost: 86400) { delivery.breakerCoolDown = coolDown }
        if let disableAfter = try values.duration("disableAfter", atMost: 365 * 86400) { delivery.disableAfter = disableAfter }
        if let path = try values.text("tlsTrustRoots") {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw SettingsError.invalid(Self.definition("tlsTrustRoots"), "a readable PEM file of CA certificates", got: path)
            }
            delivery.trustRootsFile = path
        }
        delivery.operatorWebhookURL = try values.text("operatorWebhookUrl")
        if let text = try values.text("operatorWebhookSecret") {
            do {
                delivery.operatorWebhookSecret = try WebhookSecret(text)
            } catch {
                throw SettingsError.invalid(Self.definition("operatorWebhookSecret"), "a whsec_ secret (\(error.message))", got: text)
            }
        }
    }
}
