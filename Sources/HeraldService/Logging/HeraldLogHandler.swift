import Foundation
import Herald
import Logging
import Synchronization

/// `herald serve`'s log handler: one line per entry on standard output, as text or as JSON
/// (`--log-format`), every message and value passed through a ``SecretRedactor``.
///
/// Text: `2026-12-07T10:00:00.123Z info herald: delivery attempt failed app=app_… status=500`.
/// JSON: `{"time":"…","level":"info","label":"herald","msg":"…","app":"app_…","status":"500"}`;
/// metadata keys at the top level (a key that clashes with the four fixed ones gets a `meta.` prefix).
public struct HeraldLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let redactor: SecretRedactor
    let output: LogOutput

    /// A handler for `label`.
    public init(label: String, level: Logger.Level, format: LogFormat, redactor: SecretRedactor, output: LogOutput = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.redactor = redactor
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let time = Self.timestamp()
        let message = redactor.redact(event.message.description)
        let fields = merged.sorted { $0.key < $1.key }.map { ($0.key, redactor.redact($0.value.description)) }
        switch format {
        case .text:
            var line = "\(time) \(event.level) \(label): \(message)"
            for (key, value) in fields { line += " \(key)=\(value)" }
            output.write(line + "\n")
        case .json:
            var line = "{\"time\":\(JSONText.quoted(time)),\"level\":\(JSONText.quoted(event.level.rawValue)),\"label\":\(JSONText.quoted(label)),\"msg\":\(JSONText.quoted(message))"
            for (key, value) in fields {
                let name = ["time", "level", "label", "msg"].contains(key) ? "meta.\(key)" : key
                line += ",\(JSONText.quoted(name)):\(JSONText.quoted(value))"
            }
            output.write(line + "}\n")
        }
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }
}

/// Where log lines go: standard output (one write per line, under a lock so lines never
/// interleave), or a buffer a test reads.
public final class LogOutput: Sendable {
    private final class Capture: Sendable {
        let lines = Mutex<[String]>([])
    }
    private let capture: Capture?
    private let lock = Mutex(())

    private init(capturing: Bool) {
        capture = capturing ? Capture() : nil
    }

    /// Standard output.
    public static let standardOutput = LogOutput(capturing: false)

    /// A buffer, for tests.
    public static func capture() -> LogOutput { LogOutput(capturing: true) }

    /// Every line written so far, when capturing.
    public var captured: [String] { capture?.lines.withLock { $0 } ?? [] }

    /// Writes `line` (which ends with a newline) whole: straight to file descriptor 1, so that
    /// nothing waits in a buffer when the process is killed.
    public func write(_ line: String) {
        if let capture {
            capture.lines.withLock { $0.append(line) }
            return
        }
        lock.withLock { _ in
            var line = line
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}
