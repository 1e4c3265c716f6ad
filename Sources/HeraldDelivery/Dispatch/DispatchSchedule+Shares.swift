import HeraldStore

/// With a store shared by several processes, each lane sends within this process's share of its
/// endpoint's concurrency, rate limit and circuit (`EndpointShareStore`). Shares are renewed in
/// one store call, about once a second, and at once when a lane with queued deliveries has no
/// share yet or its breaker has news for the other processes.
extension DispatchSchedule {
    /// How often shares are renewed, in milliseconds.
    static let shareRenewalMilliseconds: Int64 = 1000
    /// How soon a renewal follows the last while the division is still settling (see
    /// ``EndpointLane/isConverging``), in milliseconds: a process that joins an endpoint's work
    /// gets its part within a few of these rather than a few seconds.
    static let shareConvergenceMilliseconds: Int64 = 200
    /// How long a lane keeps its share after its last request, in milliseconds.
    static let shareStickinessMilliseconds: Int64 = 5000
    /// How much longer than a request's deadline a share's lease lasts, in milliseconds: the
    /// time a renewal may take to come back before the lane has to stop starting requests (a
    /// database under heavy load can take seconds), and so also how long past its deadline a
    /// dead process's slots stay reserved.
    static let shareLeaseMarginMilliseconds: Int64 = 15_000

    /// The share renewal to make now, if any: one at a time; due every second, at once when a
    /// lane waits for its first share or has circuit news. Lanes idle past the stickiness ask
    /// for nothing, which gives their share back (and such a lane goes).
    mutating func nextShareRenewal(now: Int64) -> [EndpointShareRequest]? {
        guard sharing, !renewingShares else { return nil }
        let urgent = lanes.values.contains { lane in lane.share.map { $0.hasNews || ($0.slots == nil && !lane.queue.isEmpty) } ?? false }
        let converging = now >= lastShareRenewalAt + Self.shareConvergenceMilliseconds && lanes.values.contains(where: \.isConverging)
        guard urgent || converging || now >= nextShareRenewalAt else { return nil }
        lastShareRenewalAt = now
        var requests = [EndpointShareRequest]()
        for (endpointID, lane) in lanes {
            guard var share = lane.share else { continue }
            let busy = !lane.queue.isEmpty || lane.inFlight > 0 || lane.mayHaveMore
            if busy { share.lastActiveAt = now }
            let wanted = !stopping && (busy || now - share.lastActiveAt < Self.shareStickinessMilliseconds)
            if !wanted && share.slots == nil && !share.hasNews && lane.inFlight == 0 {
                // Holds no share: nothing to give back. A lane with nothing to remember goes.
                if lane.queue.isEmpty && lane.breaker.state == .closed && lane.breaker.consecutiveFailures == 0 { forgetLane(endpointID) }
                continue
            }
            // What the other processes must count as this one's until the answer arrives: while
            // it keeps its share it may go on starting requests up to its current grant, so that
            // much (the store keeps the larger of it and the new grant, and the next renewal
            // reports the new one); giving the share back, it starts nothing more from now on, so
            // only what is on the wire. Reporting only what was on the wire when asking let another
            // process take slots this one then filled: 5 and 6 requests at once against a limit
            // of 4 were seen under load.
            let reported: Int
            if wanted {
                reported = max(lane.inFlight, share.slots ?? 0)
            } else {
                if let slots = share.slots { share.slots = min(slots, lane.inFlight) }
                reported = lane.inFlight
            }
            requests.append(EndpointShareRequest(
                endpointID: endpointID, concurrency: lane.maximum, rateLimit: lane.configuredRate, inFlight: reported, wanted: wanted,
                leaseUntil: now + lane.timeoutMilliseconds + Self.shareLeaseMarginMilliseconds,
                circuitOpenedUntil: share.openedUntil, circuitClosed: share.closed))
            share.openedUntil = nil
            share.closed = false
            lane.share = share
        }
        for endpointID in sharesToGiveBack where lanes[endpointID] == nil {
            requests.append(EndpointShareRequest(endpointID: endpointID, concurrency: configuration.endpointConcurrency, rateLimit: nil, inFlight: 0,
                                                 wanted: false, leaseUntil: now))
        }
        sharesToGiveBack.removeAll()
        nextShareRenewalAt = now + Self.shareRenewalMilliseconds
        guard !requests.isEmpty else { return nil }
        renewingShares = true
        return requests
    }

    /// A renewal came back (`shares` nil: it failed, and is tried again shortly, circuit news
    /// included; the lanes keep their grants until the leases run out).
    mutating func sharesRenewed(_ requests: [EndpointShareRequest], _ shares: [EndpointShare]?, now: Int64) {
        renewingShares = false
        guard let shares else {
            for request in requests {
                if let lane = lanes[request.endpointID], var share = lane.share {
                    if let until = request.circuitOpenedUntil { share.openedUntil = max(share.openedUntil ?? until, until) }
                    if request.circuitClosed { share.closed = true }
                    lane.share = share
                } else if !request.wanted {
                    sharesToGiveBack.insert(request.endpointID)
                }
            }
            nextShareRenewalAt = min(nextShareRenewalAt, now + 200)
            return
        }
        let asked = Dictionary(requests.map { ($0.endpointID, $0) }, uniquingKeysWith: { first, _ in first })
        for share in shares {
            guard let request = asked[share.endpointID], let lane = lanes[share.endpointID], var granted = lane.share else { continue }
            if request.wanted {
                granted.slots = share.slots
                granted.ratePerSecond = share.ratePerSecond
                granted.leaseUntil = request.leaseUntil
            } else {
                granted.slots = nil
                granted.ratePerSecond = nil
            }
            let wasShared = granted.circuitShared
            granted.circuitShared = share.circuitOpenUntil != nil
            lane.share = granted
            lane.updateBucket(now: now)
            if let until = share.circuitOpenUntil, until > now, (lane.breaker.openUntil ?? 0) < until {
                // Another process's breaker opened: this one stops too, and gives back what it queued.
                lane.breaker.adoptOpen(until: until)
                lane.mayHaveMore = true
                giveBack(lane.emptyQueue(), notBefore: until)
                claimBy(until)
            } else if wasShared && share.circuitOpenUntil == nil && lane.breaker.state != .closed {
                // Another process's probe closed it.
                lane.breaker.adoptClosed()
                claimBy(now)
            } else if request.wanted && share.slots == 0 && !lane.queue.isEmpty {
                // The other processes hold every slot for now: they take the queued deliveries.
                lane.mayHaveMore = true
                giveBack(lane.emptyQueue(), notBefore: now)
            }
            if !request.wanted && lane.queue.isEmpty && lane.inFlight == 0 && lane.breaker.state == .closed && lane.breaker.consecutiveFailures == 0 {
                forgetLane(share.endpointID)
            }
        }
    }

    /// After a stop, once nothing is on the wire: gives back every share this process holds.
    mutating func finalShareRelease(now: Int64) -> [EndpointShareRequest] {
        guard sharing else { return [] }
        let endpoints = Set(lanes.keys).union(sharesToGiveBack)
        sharesToGiveBack.removeAll()
        return endpoints.sorted().map {
            EndpointShareRequest(endpointID: $0, concurrency: configuration.endpointConcurrency, rateLimit: nil, inFlight: 0, wanted: false, leaseUntil: now)
        }
    }
}
