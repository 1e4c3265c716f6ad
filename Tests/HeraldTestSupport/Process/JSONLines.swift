import Foundation

/// Output printed one JSON object per line (`herald serve --log-format json`,
/// `herald listen --format json`).
public enum JSONLines {
    /// The lines of `text` that are JSON objects, in order; other lines are left out.
    public static func objects(in text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
}
