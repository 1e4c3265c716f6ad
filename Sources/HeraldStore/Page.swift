/// Which page of a list to read: at most `limit` items after the item whose sort key is `after`.
public struct PageRequest: Sendable, Equatable {
    /// 1 to 250.
    public var limit: Int
    /// The sort key of the last item of the previous page, nil for the first page.
    public var after: String?

    /// Creates a request.
    public init(limit: Int, after: String?) {
        self.limit = limit
        self.after = after
    }
}

/// One page of items and the key to continue after, nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    /// The items, newest first.
    public var items: [Item]
    /// The sort key of the last item, when more follow.
    public var nextAfter: String?

    /// Creates a page.
    public init(items: [Item], nextAfter: String?) {
        self.items = items
        self.nextAfter = nextAfter
    }
}

/// Filters for listing an application's messages.
public struct MessageFilter: Sendable, Equatable {
    /// Only this event type.
    public var eventType: String?
    /// Only messages created before this time (milliseconds since 1970).
    public var before: Int64?
    /// Only messages created after this time (milliseconds since 1970).
    public var after: Int64?
    /// Only messages whose deliveries are in this state.
    public var status: MessageDeliveryStatus?

    /// Creates a filter.
    public init(eventType: String? = nil, before: Int64? = nil, after: Int64? = nil, status: MessageDeliveryStatus? = nil) {
        self.eventType = eventType
        self.before = before
        self.after = after
        self.status = status
    }
}

/// Where a message's deliveries stand, taken together.
public enum MessageDeliveryStatus: String, Sendable, CaseIterable {
    /// It has deliveries and every one of them succeeded.
    case delivered
    /// Some delivery waits for its first attempt or is on the wire, and none failed.
    case pending
    /// Some delivery failed and waits for a retry, or exhausted its retries.
    case failing

    /// The SQL condition on a message aliased `m` (the same text for SQLite and PostgreSQL):
    /// index lookups on the deliveries of that one message.
    public var sqlCondition: String {
        switch self {
        case .delivered:
            "EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id) AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status <> 'succeeded')"
        case .pending:
            "EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN ('pending', 'in_flight')) AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN ('failed', 'exhausted'))"
        case .failing:
            "EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN ('failed', 'exhausted'))"
        }
    }
}
