import HeraldTestSupport

/// One delivery as the receiver sees it: a message (its `webhook-id`) at an endpoint (its path).
struct DeliveryKey: Hashable, Sendable, CustomStringConvertible {
    let messageID: String
    let path: String

    var description: String { "\(messageID)@\(path)" }
}

/// What a receiver got, counted by delivery: how often each arrived, and from which process
/// (by the client port of its connection, see ``ConnectionOwners``).
struct DeliveryLedger: Sendable {
    /// Requests per delivery.
    let counts: [DeliveryKey: Int]
    /// Every request, in arrival order.
    let requests: [ReceivedRequest]

    init(_ requests: [ReceivedRequest]) {
        self.requests = requests
        var counts = [DeliveryKey: Int]()
        for request in requests {
            counts[Self.key(request), default: 0] += 1
        }
        self.counts = counts
    }

    static func key(_ request: ReceivedRequest) -> DeliveryKey {
        DeliveryKey(messageID: request.header("webhook-id") ?? "", path: request.path)
    }

    /// Every delivery that arrived at least once.
    var keys: Set<DeliveryKey> { Set(counts.keys) }

    /// The deliveries that arrived more than once.
    var duplicated: [DeliveryKey] { counts.filter { $0.value > 1 }.map(\.key) }

    /// Requests beyond the first of each delivery.
    var extraRequests: Int { counts.values.reduce(0) { $0 + $1 - 1 } }

    /// Requests per process id, and the number no process was found for.
    func requestsByProcess(_ owners: ConnectionOwners) -> (byProcess: [Int32: Int], unattributed: Int) {
        var byProcess = [Int32: Int]()
        var unattributed = 0
        for request in requests {
            if let pid = owners.owner(ofClientPort: request.remotePort) {
                byProcess[pid, default: 0] += 1
            } else {
                unattributed += 1
            }
        }
        return (byProcess, unattributed)
    }
}
