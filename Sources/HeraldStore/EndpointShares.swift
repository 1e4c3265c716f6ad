/// A store that several Herald processes use at once (PostgreSQL) also divides each endpoint's
/// limits between them, so that an endpoint's concurrency, its `rateLimit` and its circuit
/// hold for the endpoint as a whole, whatever the number of processes.
///
/// Each process holds a *share* per endpoint it has work for: some of the endpoint's slots and
/// some of its rate, under a lease it renews about once a second. The store hands shares out
/// so that, at every moment, the slots recorded for all live shares add up to at most the
/// endpoint's concurrency, and their rates to at most its rate limit:
///
/// - a process's recorded slots never fall below the requests it still has on the wire, so
///   what it gives back is only what it no longer uses;
/// - each process that wants work gets a fair part (the limit divided among them; the
///   remainder to the lowest owners), as soon as the others' renewals have given it back;
/// - a process sends only while its share's lease covers the whole request (its deadline), so
///   a process that can no longer renew, or died, holds its slots at most until its lease ends.
///
/// The circuit is shared the same way: a process whose breaker opened publishes until when; the
/// store then grants no slots to anyone until then, and afterwards one slot to one process (the
/// probe); a process whose probe succeeded publishes that the circuit closed.
public protocol EndpointShareStore: Sendable {
    /// Renews this process's shares of the endpoints in `requests` in one transaction and
    /// returns what each may use now. A request that no longer wants work and has nothing on the
    /// wire gives its share back. Bookkeeping.
    func renewShares(_ requests: [EndpointShareRequest], now: Int64) async throws -> [EndpointShare]

    /// The endpoints whose shared circuit is open at `now` (whichever process opened it), with
    /// until when: what every process reports, whether it delivers or not.
    func openCircuits(now: Int64) async throws -> [String: Int64]
}

/// What one process asks for one endpoint.
public struct EndpointShareRequest: Sendable, Equatable {
    /// The endpoint.
    public var endpointID: String
    /// The endpoint's concurrency, for all processes together.
    public var concurrency: Int
    /// The endpoint's rate limit in requests per second, for all processes together, if it has one.
    public var rateLimit: Int?
    /// The most requests this process may have on the wire for the endpoint until the answer
    /// arrives: those on the wire now, or its current grant while it keeps its share (it may
    /// go on starting requests up to it meanwhile). The store counts at least this many slots as
    /// this process's.
    public var inFlight: Int
    /// True while this process has (or expects) work for the endpoint.
    public var wanted: Bool
    /// When the share's lease ends if it is not renewed (milliseconds since 1970): at least the
    /// longest request the process may start under it.
    public var leaseUntil: Int64
    /// This process's breaker opened since the last renewal, until this time.
    public var circuitOpenedUntil: Int64?
    /// A success closed this process's breaker since the last renewal.
    public var circuitClosed: Bool

    /// A request for one endpoint's share.
    public init(endpointID: String, concurrency: Int, rateLimit: Int?, inFlight: Int, wanted: Bool, leaseUntil: Int64,
                circuitOpenedUntil: Int64? = nil, circuitClosed: Bool = false) {
        self.endpointID = endpointID
        self.concurrency = concurrency
        self.rateLimit = rateLimit
        self.inFlight = inFlight
        self.wanted = wanted
        self.leaseUntil = leaseUntil
        self.circuitOpenedUntil = circuitOpenedUntil
        self.circuitClosed = circuitClosed
    }
}

/// What one process may use of one endpoint until its next renewal.
public struct EndpointShare: Sendable, Equatable {
    /// The endpoint.
    public var endpointID: String
    /// Requests this process may have on the wire at once.
    public var slots: Int
    /// Requests per second this process may start, when the endpoint has a rate limit.
    public var ratePerSecond: Double?
    /// The endpoint's shared circuit: open until this time (in the past: one probe at a time), or
    /// nil when it is closed.
    public var circuitOpenUntil: Int64?

    /// A share.
    public init(endpointID: String, slots: Int, ratePerSecond: Double?, circuitOpenUntil: Int64?) {
        self.endpointID = endpointID
        self.slots = slots
        self.ratePerSecond = ratePerSecond
        self.circuitOpenUntil = circuitOpenUntil
    }
}
