import HeraldAPI

/// How each API document reads in a terminal: a row of a list, and the fields of one item.
extension ApplicationOut {
    static let tableHeader = ["ID", "UID", "NAME", "CREATED"]

    var tableRow: [String] { [id, uid ?? "-", name, Output.time(createdAt)] }

    var fieldsText: String {
        TextTable.fields([
            ("id", id), ("uid", uid ?? "-"), ("name", name), ("metadata", Output.pairs(metadata)),
            ("created", Output.time(createdAt)), ("updated", Output.time(updatedAt)),
        ])
    }
}

extension EndpointOut {
    static let tableHeader = ["ID", "URL", "STATUS", "EVENT TYPES", "RATE LIMIT"]

    var tableRow: [String] { [id, url, status, eventTypesText, rateLimitText] }

    var fieldsText: String {
        TextTable.fields([
            ("id", id), ("app", appId), ("url", url), ("description", description.isEmpty ? "-" : description),
            ("status", status), ("event types", eventTypesText), ("rate limit", rateLimitText),
            ("headers", Output.pairs(headers, separator: ": ")),
            ("created", Output.time(createdAt)), ("updated", Output.time(updatedAt)),
        ])
    }

    private var status: String { disabled ? "disabled" : "enabled" }
    private var eventTypesText: String { eventTypes.isEmpty ? "(all)" : eventTypes.joined(separator: ", ") }
    private var rateLimitText: String { rateLimit.map { "\($0)/s" } ?? "-" }
}

extension EndpointSecretOut {
    var fieldsText: String {
        var fields = [("key", key)]
        for old in previous {
            fields.append(("previous", "\(old.key)  (signs until \(Output.time(old.expiresAt)))"))
        }
        return TextTable.fields(fields)
    }
}

extension EventTypeOut {
    static let tableHeader = ["NAME", "VERSION", "DEPRECATED", "DESCRIPTION"]

    var tableRow: [String] { [name, version ?? "-", deprecated ? "yes" : "no", description.isEmpty ? "-" : description] }

    var fieldsText: String {
        TextTable.fields([
            ("name", name), ("description", description.isEmpty ? "-" : description), ("version", version ?? "-"),
            ("deprecated", deprecated ? "yes" : "no"), ("schema", schema.map(Output.compactJSON) ?? "-"),
            ("created", Output.time(createdAt)), ("updated", Output.time(updatedAt)),
        ])
    }
}

extension MessageOut {
    var fieldsText: String {
        TextTable.fields([
            ("id", id), ("app", appId), ("event type", eventType), ("event id", eventId ?? "-"),
            ("version", version ?? "-"), ("created", Output.time(createdAt)),
        ])
    }
}

extension ListResponse {
    /// Prints the page as a table (or `empty` when it has no items) and the next-page hint.
    func printTable(header: [String], empty: String, row: (Item) -> [String]) {
        print(data.isEmpty ? empty : TextTable.render(header: header, rows: data.map(row)))
        Output.printNextCursor(nextCursor)
    }
}
