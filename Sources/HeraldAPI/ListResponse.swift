/// One page of a list: `{"data": [...], "nextCursor": "..."}`; `nextCursor` is null on the last page.
public struct ListResponse<Item: Codable & Sendable>: Codable, Sendable {
    /// The items of this page, newest first.
    public let data: [Item]
    /// Pass as `cursor` to get the next page; nil when there is none.
    public let nextCursor: String?

    /// Creates a page.
    public init(data: [Item], nextCursor: String?) {
        self.data = data
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case data, nextCursor }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
