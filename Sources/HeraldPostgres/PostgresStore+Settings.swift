import HeraldStore
import PostgresNIO

extension PostgresStore {
    public func setting(_ key: String) async throws -> String? {
        try await query("SELECT value FROM settings WHERE key = \(key)").decode(String.self).first { _ in true }
    }

    public func insertSettingIfAbsent(_ key: String, value: String) async throws -> String {
        // Of two processes racing, the second's insert does nothing and both read the winner's.
        try await query("INSERT INTO settings (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO NOTHING")
        return try await setting(key) ?? value
    }
}
