import Foundation
import Herald
import HeraldAPI
import HeraldJSON

/// How the pages show values: times (as `<time>`, shown in the reader's zone by the script),
/// rates, latencies, JSON.
enum ViewFormat {
    /// A time for the `time` partial.
    static func time(_ date: Date) -> [String: Any] {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let iso = RFC3339.format(milliseconds: milliseconds)
        // 2026-12-07T15:04:05.123Z → 2026-12-07 15:04:05 UTC
        let text = iso.prefix(19).replacingOccurrences(of: "T", with: " ") + " UTC"
        return ["iso": iso, "text": text]
    }

    /// A rate of 0…1 as a percentage, `–` when there is none.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return String(format: "%.1f %%", rate * 100)
    }

    /// Milliseconds, `–` when there are none.
    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 10 ? String(format: "%.1f ms", value) : "\(Int(value.rounded())) ms"
    }

    /// A whole number of milliseconds.
    static func duration(_ milliseconds: Int64) -> String {
        milliseconds < 10_000 ? "\(milliseconds) ms" : String(format: "%.1f s", Double(milliseconds) / 1000)
    }

    /// JSON, indented for reading.
    static func pretty(_ json: AnyJSON) -> String {
        json.jsonValue.prettyPrinted()
    }

    /// The value of a `datetime-local` input (UTC) for a time.
    static func dateTimeLocal(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        return String(RFC3339.format(milliseconds: milliseconds).prefix(16))
    }

    /// A `datetime-local` value (read as UTC: the label says so) as a time, nil when empty or not one.
    static func parseDateTimeLocal(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let padded = text.count == 16 ? text + ":00" : text
        guard let milliseconds = RFC3339.parse(padded + "Z") else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// An endpoint's state as the pages name it.
    static func stateLabel(_ state: String) -> String {
        switch state {
        case "healthy": "Healthy"
        case "failing": "Failing"
        case "circuitOpen": "Circuit open"
        case "disabled": "Disabled"
        default: state
        }
    }

    /// What an attempt's outcome reads as.
    static func outcome(_ attempt: AttemptOut) -> String {
        if let code = attempt.responseStatusCode { return attempt.status == "succeeded" ? "\(code)" : "\(code) failed" }
        return attempt.errorKind.map { "\($0)" } ?? attempt.status
    }
}

/// Small bar charts drawn on the server as SVG from the statistics' series: one bar per
/// bucket, its height the attempts, the failed part in red. No script, no inline style (SVG
/// presentation attributes only, which the Content-Security-Policy allows).
enum StatisticsChart {
    static func svg(_ series: [StatisticsPointOut], large: Bool = false, label: String) -> String {
        let width = 240.0, height = large ? 60.0 : 40.0
        let most = max(1, series.map(\.attempts).max() ?? 0)
        let slot = width / Double(max(series.count, 1))
        var bars = ""
        for (index, point) in series.enumerated() where point.attempts > 0 {
            let x = Double(index) * slot + 0.5
            let total = height * Double(point.attempts) / Double(most)
            let failed = height * Double(point.attempts - point.succeeded) / Double(most)
            let barWidth = max(slot - 1, 0.5)
            bars += ##"<rect x="\##(fixed(x))" y="\##(fixed(height - total))" width="\##(fixed(barWidth))" height="\##(fixed(total - failed))" fill="#2da44e"/>"##
            if failed > 0 {
                bars += ##"<rect x="\##(fixed(x))" y="\##(fixed(height - failed))" width="\##(fixed(barWidth))" height="\##(fixed(failed))" fill="#cf222e"/>"##
            }
        }
        let attempts = series.reduce(0) { $0 + $1.attempts }
        let failed = series.reduce(0) { $0 + $1.attempts - $1.succeeded }
        let description = "\(label): \(attempts) attempts, \(failed) failed"
        return ##"<svg class="chart\##(large ? " large" : "")" viewBox="0 0 \##(Int(width)) \##(Int(height))" preserveAspectRatio="none" role="img" aria-label="\##(escape(description))"><title>\##(escape(description))</title><line x1="0" y1="\##(Int(height) - 1)" x2="\##(Int(width))" y2="\##(Int(height) - 1)" stroke="#8c959f" stroke-width="1"/>\##(bars)</svg>"##
    }

    private static func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// An event type's schema as a table of fields (nested objects' fields named with dots, array
/// items with `[]`), and an example payload.
enum SchemaFields {
    struct Field {
        let name: String
        let type: String
        let required: Bool
        let description: String
    }

    static func fields(of schema: JSONValue) -> [Field] {
        var fields = [Field]()
        collect(schema, prefix: "", into: &fields, depth: 0)
        return fields
    }

    private static func collect(_ schema: JSONValue, prefix: String, into fields: inout [Field], depth: Int) {
        guard depth < 8, fields.count < 500, let properties = schema[key: "properties"]?.objectMembers else { return }
        let required = Set(schema[key: "required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for property in properties {
            let name = prefix.isEmpty ? property.key : prefix + "." + property.key
            fields.append(Field(name: name, type: typeName(property.value), required: required.contains(property.key),
                                description: property.value[key: "description"]?.stringValue ?? ""))
            collect(property.value, prefix: name, into: &fields, depth: depth + 1)
            if let items = property.value[key: "items"] { collect(items, prefix: name + "[]", into: &fields, depth: depth + 1) }
        }
    }

    private static func typeName(_ schema: JSONValue) -> String {
        var name: String
        if let type = schema[key: "type"]?.stringValue {
            name = type
        } else if let types = schema[key: "type"]?.arrayValue?.compactMap(\.stringValue) {
            name = types.joined(separator: " or ")
        } else if schema[key: "enum"] != nil {
            name = "enum"
        } else {
            name = "any"
        }
        if name == "array", let items = schema[key: "items"]?[key: "type"]?.stringValue { name = "array of \(items)" }
        if let format = schema[key: "format"]?.stringValue { name += " (\(format))" }
        if let values = schema[key: "enum"]?.arrayValue {
            name += ": " + values.prefix(12).map { $0.stringValue ?? $0.serialized() }.joined(separator: ", ")
        }
        return name
    }

    /// An example payload: the schema's own, or one built from it; `{}` without a schema.
    static func example(of schema: JSONValue?) -> String {
        guard let schema else { return "{}" }
        guard let compiled = try? JSONSchema(schema), let example = compiled.example() else { return "{}" }
        return example.prettyPrinted()
    }
}
