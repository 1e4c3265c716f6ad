/// How `herald serve` writes its log lines (`--log-format`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// One readable line per entry: time, level, label, message, metadata.
    case text
    /// One JSON object per line, for a log collector: `time`, `level`, `label`, `msg` and
    /// each metadata key at the top level.
    case json
}
