import Foundation

/// One delivery attempt of a message to an endpoint.
public struct AttemptOut: Codable, Sendable, Equatable {
    /// `atm_…`.
    public let id: String
    /// The message.
    public let messageId: String
    /// The endpoint.
    public let endpointId: String
    /// 1 for the first attempt.
    public let attemptNumber: Int
    /// `scheduled` or `manual`.
    public let trigger: String
    /// `succeeded` or `failed`.
    public let status: String
    /// The HTTP status the endpoint answered, if it answered.
    public let responseStatusCode: Int?
    /// Why there was no usable answer: timeout, connectionRefused, connectionClosed, dnsFailure,
    /// tlsFailure, redirect, refusedByNetworkGuard, invalidURL, other.
    public let errorKind: String?
    /// A sentence about the failure.
    public let errorMessage: String?
    /// The first 4 KiB of the response body, as text (invalid UTF-8 replaced).
    public let responseBody: String
    /// The response's content type.
    public let responseContentType: String?
    /// When the attempt started.
    public let startedAt: Date
    /// How long it took, in milliseconds.
    public let durationMs: Int64
    /// The batch (`bat_…`, the request's `webhook-id`) the message went in, or null when it went alone.
    public let batchId: String?

    /// Creates the representation.
    public init(id: String, messageId: String, endpointId: String, attemptNumber: Int, trigger: String, status: String, responseStatusCode: Int?,
                errorKind: String?, errorMessage: String?, responseBody: String, responseContentType: String?, startedAt: Date, durationMs: Int64,
                batchId: String? = nil) {
        self.id = id
        self.messageId = messageId
        self.endpointId = endpointId
        self.attemptNumber = attemptNumber
        self.trigger = trigger
        self.status = status
        self.responseStatusCode = responseStatusCode
        self.errorKind = errorKind
        self.errorMessage = errorMessage
        self.responseBody = responseBody
        self.responseContentType = responseContentType
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.batchId = batchId
    }

    enum CodingKeys: String, CodingKey {
        case id, messageId, endpointId, attemptNumber, trigger, status, responseStatusCode, errorKind, errorMessage, responseBody, responseContentType, startedAt, durationMs,
             batchId
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(endpointId, forKey: .endpointId)
        try container.encode(attemptNumber, forKey: .attemptNumber)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(status, forKey: .status)
        try container.encode(responseStatusCode, forKey: .responseStatusCode)
        try container.encode(errorKind, forKey: .errorKind)
        try container.encode(errorMessage, forKey: .errorMessage)
        try container.encode(responseBody, forKey: .responseBody)
        try container.encode(responseContentType, forKey: .responseContentType)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(batchId, forKey: .batchId)
    }
}

/// `POST .../endpoints/{ep}/recover`: re-queue the failed deliveries created in a window.
public struct RecoverIn: Codable, Sendable {
    /// The start of the window (RFC 3339); at most 30 days back.
    public var since: Date
    /// The end of the window; now when absent.
    public var until: Date?

    /// Creates the request body.
    public init(since: Date, until: Date? = nil) {
        self.since = since
        self.until = until
    }
}

/// The answer of a recover or resend: how many deliveries were queued.
public struct RequeuedOut: Codable, Sendable, Equatable {
    /// Deliveries queued for an attempt now.
    public let queued: Int

    /// Creates the representation.
    public init(queued: Int) {
        self.queued = queued
    }
}
