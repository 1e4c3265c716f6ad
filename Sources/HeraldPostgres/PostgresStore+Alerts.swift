import HeraldStore
import PostgresNIO

extension PostgresMigrations {
    /// Version 6: alert rules, and each rule's alerts by subject. Every process evaluates the
    /// rules; the conditional transitions decide which one announces an episode.
    static let alerts = Migration(version: 6, name: "alerts", statements: [
        """
        CREATE TABLE alert_rules (
            id TEXT COLLATE "C" PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            threshold DOUBLE PRECISION NOT NULL,
            window_seconds INTEGER NOT NULL,
            minimum_count INTEGER NOT NULL,
            enabled BOOLEAN NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE alerts (
            rule_id TEXT COLLATE "C" NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
            subject TEXT COLLATE "C" NOT NULL,
            firing BOOLEAN NOT NULL,
            fired_at BIGINT NOT NULL,
            resolved_at BIGINT,
            figures TEXT NOT NULL,
            PRIMARY KEY (rule_id, subject)
        )
        """,
    ])
}

extension PostgresStore {
    public func createAlertRule(_ rule: AlertRuleRecord) async throws {
        try await query("""
            INSERT INTO alert_rules (id, name, kind, threshold, window_seconds, minimum_count, enabled, created_at, updated_at)
            VALUES (\(rule.id), \(rule.name), \(rule.kind.rawValue), \(rule.threshold), \(Int32(rule.windowSeconds)), \(Int32(rule.minimumCount)),
                    \(rule.enabled), \(rule.createdAt), \(rule.updatedAt))
            """, conflict: "an alert rule named '\(rule.name)' already exists")
    }

    public func alertRule(id: String) async throws -> AlertRuleRecord? {
        try await query("SELECT \(unescaped: Self.alertRuleColumns) FROM alert_rules WHERE id = \(id)").compactMap(AlertRuleRecord.init(row:)).first
    }

    public func listAlertRules() async throws -> [AlertRuleRecord] {
        try await query("SELECT \(unescaped: Self.alertRuleColumns) FROM alert_rules ORDER BY id").compactMap(AlertRuleRecord.init(row:))
    }

    public func updateAlertRule(_ rule: AlertRuleRecord) async throws {
        let changed = try await query("""
            UPDATE alert_rules SET name = \(rule.name), kind = \(rule.kind.rawValue), threshold = \(rule.threshold),
                window_seconds = \(Int32(rule.windowSeconds)), minimum_count = \(Int32(rule.minimumCount)), enabled = \(rule.enabled),
                updated_at = \(rule.updatedAt)
            WHERE id = \(rule.id) RETURNING id
            """, conflict: "an alert rule named '\(rule.name)' already exists")
        if changed.isEmpty { throw StoreError(.notFound, "alert rule \(rule.id) does not exist") }
    }

    public func deleteAlertRule(id: String) async throws -> Bool {
        try await !query("DELETE FROM alert_rules WHERE id = \(id) RETURNING id").isEmpty
    }

    public func transitionAlert(ruleID: String, subject: String, firing: Bool, at: Int64, figures: [String: String]) async throws -> Bool {
        let text = StoredText.encode(figures)
        if firing {
            return try await !query("""
                INSERT INTO alerts (rule_id, subject, firing, fired_at, resolved_at, figures)
                SELECT \(ruleID), \(subject), TRUE, \(at), NULL, \(text) WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = \(ruleID))
                ON CONFLICT (rule_id, subject) DO UPDATE SET firing = TRUE, fired_at = excluded.fired_at, resolved_at = NULL, figures = excluded.figures
                WHERE NOT alerts.firing
                RETURNING 1
                """, missing: "alert rule \(ruleID) does not exist").isEmpty
        }
        return try await !query("""
            UPDATE alerts SET firing = FALSE, resolved_at = \(at), figures = \(text) WHERE rule_id = \(ruleID) AND subject = \(subject) AND firing RETURNING 1
            """).isEmpty
    }

    public func listAlerts(includeResolved: Bool) async throws -> [AlertRecord] {
        try await query("""
            SELECT rule_id, subject, firing, fired_at, resolved_at, figures FROM alerts
            WHERE \(includeResolved) OR firing ORDER BY fired_at DESC, rule_id, subject
            """).decode((String, String, Bool, Int64, Int64?, String).self).map {
            AlertRecord(ruleID: $0.0, subject: $0.1, firing: $0.2, firedAt: $0.3, resolvedAt: $0.4, figures: StoredText.decodeDictionary($0.5))
        }
    }

    static let alertRuleColumns = "id, name, kind, threshold, window_seconds, minimum_count, enabled, created_at, updated_at"
}

extension AlertRuleRecord {
    /// The rule of a row of ``PostgresStore/alertRuleColumns``; nil for a kind this version does not know.
    init?(row: PostgresRow) {
        guard let (id, name, kind, threshold, window, minimum, enabled, createdAt, updatedAt) =
                try? row.decode((String, String, String, Double, Int32, Int32, Bool, Int64, Int64).self),
              let kind = AlertRuleKind(rawValue: kind) else { return nil }
        self.init(id: id, name: name, kind: kind, threshold: threshold, windowSeconds: Int(window), minimumCount: Int(minimum), enabled: enabled,
                  createdAt: createdAt, updatedAt: updatedAt)
    }
}
