import HeraldStore
import GRDB

extension SQLiteStore {
    /// The tables (migration v11).
    static let alertSchema = """
        CREATE TABLE alert_rules (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            threshold REAL NOT NULL,
            window_seconds INTEGER NOT NULL,
            minimum_count INTEGER NOT NULL,
            enabled INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE alerts (
            rule_id TEXT NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
            subject TEXT NOT NULL,
            firing INTEGER NOT NULL,
            fired_at INTEGER NOT NULL,
            resolved_at INTEGER,
            figures TEXT NOT NULL,
            PRIMARY KEY (rule_id, subject)
        );
        """

    public func createAlertRule(_ rule: AlertRuleRecord) async throws {
        try await write(conflict: "an alert rule named '\(rule.name)' already exists") { db in
            try db.execute(sql: """
                INSERT INTO alert_rules (id, name, kind, threshold, window_seconds, minimum_count, enabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [rule.id, rule.name, rule.kind.rawValue, rule.threshold, rule.windowSeconds, rule.minimumCount, rule.enabled,
                                 rule.createdAt, rule.updatedAt])
        }
    }

    public func alertRule(id: String) async throws -> AlertRuleRecord? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM alert_rules WHERE id = ?", arguments: [id]).flatMap(AlertRuleRecord.init(row:)) }
    }

    public func listAlertRules() async throws -> [AlertRuleRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM alert_rules ORDER BY id").compactMap(AlertRuleRecord.init(row:)) }
    }

    public func updateAlertRule(_ rule: AlertRuleRecord) async throws {
        let changed = try await write(conflict: "an alert rule named '\(rule.name)' already exists") { db in
            try db.execute(sql: """
                UPDATE alert_rules SET name = ?, kind = ?, threshold = ?, window_seconds = ?, minimum_count = ?, enabled = ?, updated_at = ? WHERE id = ?
                """, arguments: [rule.name, rule.kind.rawValue, rule.threshold, rule.windowSeconds, rule.minimumCount, rule.enabled, rule.updatedAt, rule.id])
            return db.changesCount
        }
        if changed == 0 { throw StoreError(.notFound, "alert rule \(rule.id) does not exist") }
    }

    public func deleteAlertRule(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM alert_rules WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func transitionAlert(ruleID: String, subject: String, firing: Bool, at: Int64, figures: [String: String]) async throws -> Bool {
        try await write { db in
            if firing {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alert_rules WHERE id = ?", arguments: [ruleID]) != nil else { return false }
                try db.execute(sql: """
                    INSERT INTO alerts (rule_id, subject, firing, fired_at, resolved_at, figures) VALUES (?, ?, 1, ?, NULL, ?)
                    ON CONFLICT (rule_id, subject) DO UPDATE SET firing = 1, fired_at = excluded.fired_at, resolved_at = NULL, figures = excluded.figures
                    WHERE alerts.firing = 0
                    """, arguments: [ruleID, subject, at, ColumnJSON.encode(figures)])
            } else {
                try db.execute(sql: "UPDATE alerts SET firing = 0, resolved_at = ?, figures = ? WHERE rule_id = ? AND subject = ? AND firing = 1",
                               arguments: [at, ColumnJSON.encode(figures), ruleID, subject])
            }
            return db.changesCount > 0
        }
    }

    public func listAlerts(includeResolved: Bool) async throws -> [AlertRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alerts WHERE ? OR firing = 1 ORDER BY fired_at DESC, rule_id, subject", arguments: [includeResolved]).map {
                AlertRecord(ruleID: $0["rule_id"], subject: $0["subject"], firing: $0["firing"], firedAt: $0["fired_at"], resolvedAt: $0["resolved_at"],
                            figures: ColumnJSON.decode($0["figures"]))
            }
        }
    }
}

extension AlertRuleRecord {
    /// The rule of a row; nil for a kind this version does not know.
    init?(row: Row) {
        guard let kind = AlertRuleKind(rawValue: row["kind"]) else { return nil }
        self.init(id: row["id"], name: row["name"], kind: kind, threshold: row["threshold"], windowSeconds: row["window_seconds"],
                  minimumCount: row["minimum_count"], enabled: row["enabled"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
