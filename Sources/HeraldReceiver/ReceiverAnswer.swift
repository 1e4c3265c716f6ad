import Herald

/// What the receiver answers a request with: a status, a small JSON body, and what happened.
public struct ReceiverAnswer: Sendable, Equatable {
    /// What happened to the request.
    public enum Outcome: Sendable, Equatable {
        /// Verified; `new` events recorded, `duplicates` already known.
        case accepted(VerifiedWebhook, new: Int, duplicates: Int)
        /// Refused, and why.
        case rejected(ReceiverRejection)
    }

    /// What happened.
    public let outcome: Outcome
    /// The HTTP status: 200 for an accepted request (duplicates too), the rejection's otherwise.
    public let status: Int
    /// `{"received": n, "duplicates": m}`, or `{"error": {"code", "message"}}`.
    public let body: String

    /// The answer to a verified request with `new` events recorded and `duplicates` known.
    public static func accepted(_ request: VerifiedWebhook, new: Int, duplicates: Int) -> ReceiverAnswer {
        ReceiverAnswer(outcome: .accepted(request, new: new, duplicates: duplicates), status: 200,
                       body: #"{"received":\#(new),"duplicates":\#(duplicates)}"#)
    }

    /// The answer to a refused request.
    public static func rejected(_ rejection: ReceiverRejection) -> ReceiverAnswer {
        ReceiverAnswer(outcome: .rejected(rejection), status: rejection.status,
                       body: #"{"error":{"code":\#(JSONText.quoted(rejection.code.rawValue)),"message":\#(JSONText.quoted(rejection.message))}}"#)
    }
}
