import AsyncHTTPClient
import Foundation

extension DeliveryBenchCommand {
    /// `--metrics-cost`: the accept rate and the one-endpoint drain rate with metrics on and with
    /// `--no-metrics`, alternating (on, off, off, on, …) so that drift in the machine's speed
    /// falls on both; the medians and the cost of metrics (1 − on/off) for each. The statistics
    /// buckets are written either way: they are part of the store's transactions.
    func metricsCostPhase(receiver: BenchReceiver, apiClient: HTTPClient, rounds: Int) async throws {
        var accepts: [Bool: [Double]] = [true: [], false: []]
        var drains: [Bool: [Double]] = [true: [], false: []]
        for round in 0..<rounds {
            for metrics in round.isMultiple(of: 2) ? [true, false] : [false, true] {
                let (tally, acceptRate) = try await drainPhaseWithAccepts(urls: [receiver.url(0)], apiClient: apiClient,
                                                                          extraArguments: metrics ? [] : ["--no-metrics"])
                accepts[metrics, default: []].append(acceptRate)
                drains[metrics, default: []].append(tally.deliveriesPerSecond)
                receiver.reset()
            }
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted.count.isMultiple(of: 2) ? (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 : sorted[sorted.count / 2]
        }
        print("metrics on and off, \(rounds) rounds of \(messages) messages, medians (target: cost ≤ 5 %)")
        for (name, values) in [("accept", accepts), ("drain, 1 endpoint", drains)] {
            let on = median(values[true] ?? [])
            let off = median(values[false] ?? [])
            print(name.padding(toLength: 20, withPad: " ", startingAt: 0)
                  + String(format: "on %8.0f /s   off %8.0f /s   ratio on/off %.3f   cost %+.1f %%", on, off, on / off, (1 - on / off) * 100)
                  + "   runs on \((values[true] ?? []).map { String(format: "%.0f", $0) }.joined(separator: ",")) off \((values[false] ?? []).map { String(format: "%.0f", $0) }.joined(separator: ","))")
        }
    }
}
