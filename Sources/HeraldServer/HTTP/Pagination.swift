import Foundation
import HeraldStore
import Hummingbird

/// `limit` and `cursor` query parameters, and the opaque cursors lists hand out.
enum Pagination {
    static let defaultLimit = 50
    static let limits = 1...250
    private static let cursorPrefix = "c1:"

    /// The longest cursor accepted; the server's own are far shorter.
    static let maximumCursorLength = 1024

    /// Reads `limit` (1–250, default 50; anything else is a 422) and `cursor` (empty or absent
    /// for the first page; one the server could not have written is a 400).
    static func pageRequest(_ request: Request) throws -> PageRequest {
        let query = request.uri.queryParameters
        var limit = defaultLimit
        if let text = query["limit"] {
            guard let value = Int(text), limits.contains(value) else {
                throw APIError.validation("limit must be a whole number from 1 to 250, got '\(text)'")
            }
            limit = value
        }
        var after: String?
        if let cursor = query["cursor"], !cursor.isEmpty {
            guard cursor.utf8.count <= maximumCursorLength, APIPatterns.cursor.matches(String(cursor)), let key = decode(String(cursor)) else {
                throw APIError.badRequest("cursor '\(cursor)' is not one this server handed out; pass the nextCursor of a previous page")
            }
            after = key
        }
        return PageRequest(limit: limit, after: after)
    }

    /// The opaque cursor for a sort key.
    static func encode(_ key: String?) -> String? {
        guard let key else { return nil }
        return Base64URL.encode(Array((cursorPrefix + key).utf8))
    }

    /// The sort key in a cursor of the form ``APIPatterns/cursor`` describes.
    static func decode(_ cursor: String) -> String? {
        // Compared as bytes: a key may start with a combining mark, which as text would merge
        // with the prefix's colon.
        guard let data = Base64URL.decode(cursor[...]), data.starts(with: cursorPrefix.utf8), data.count > cursorPrefix.utf8.count else { return nil }
        return String(decoding: data.dropFirst(cursorPrefix.utf8.count), as: UTF8.self)
    }
}
