import Foundation
import Synchronization

/// `--respond 500,500,200`: the status for each request in turn, the last one repeating.
final class ListenAnswers: Sendable {
    private let statuses: [Int]
    private let next = Mutex(0)

    init?(parsing text: String) {
        let statuses = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !statuses.isEmpty, statuses.allSatisfy({ $0.map { (100...599).contains($0) } == true }) else { return nil }
        self.statuses = statuses.compactMap { $0 }
    }

    /// The status for the next request.
    func take() -> Int {
        next.withLock { index in
            defer { index += 1 }
            return statuses[min(index, statuses.count - 1)]
        }
    }
}
