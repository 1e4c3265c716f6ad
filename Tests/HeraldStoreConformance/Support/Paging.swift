import HeraldStore
import Testing

/// Reads a list page by page, `limit` items at a time, following `nextAfter` until a page has
/// none. Stops after 1,000 pages, which only a store whose keys loop would reach.
func readPages<Item: Sendable>(limit: Int, _ read: (PageRequest) async throws -> Page<Item>) async throws -> [Page<Item>] {
    var pages = [Page<Item>]()
    var after: String?
    repeat {
        let page = try await read(PageRequest(limit: limit, after: after))
        pages.append(page)
        after = page.nextAfter
    } while after != nil && pages.count < 1000
    return pages
}

/// Every item of a list, read page by page.
func readAll<Item: Sendable>(limit: Int, _ read: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
    try await readPages(limit: limit, read).flatMap(\.items)
}

/// Checks that reading a list `limit` items at a time gives exactly `expected` (ids, newest
/// first) once each, in full pages but the last, with `nextAfter` on every page but the last.
func expectPaged<Item: Sendable>(limit: Int, expected: [String], id: (Item) -> String, sourceLocation: SourceLocation = #_sourceLocation,
                                 _ read: (PageRequest) async throws -> Page<Item>) async throws {
    let pages = try await readPages(limit: limit, read)
    #expect(pages.flatMap { $0.items.map(id) } == expected, "pages of \(limit): every item once, newest first", sourceLocation: sourceLocation)
    for (index, page) in pages.enumerated() {
        let isLast = index == pages.count - 1
        #expect(page.items.count <= limit, "page \(index + 1) holds at most \(limit)", sourceLocation: sourceLocation)
        if !isLast {
            #expect(page.items.count == limit, "page \(index + 1) is full since more follow", sourceLocation: sourceLocation)
        }
    }
    #expect(pages.count == max(1, (expected.count + limit - 1) / limit), "no empty page after the last item", sourceLocation: sourceLocation)
}
