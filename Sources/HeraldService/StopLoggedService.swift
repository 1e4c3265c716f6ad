import Herald
import Logging
import ServiceLifecycle
import Synchronization

/// Runs a service and says in the log when the process asks it to stop and when it has
/// stopped, so that a shutdown that takes long names the part it waits for.
struct StopLoggedService: Service, CustomStringConvertible {
    let service: any Service
    let name: String
    let logger: Logger

    var description: String { name }

    func run() async throws {
        let clock = ContinuousClock()
        let askedAt = AskedToStop()
        do {
            try await withGracefulShutdownHandler {
                try await service.run()
            } onGracefulShutdown: {
                askedAt.mark(clock.now)
                logger.info("stopping", metadata: ["part": "\(name)"])
            }
        } catch {
            logger.info("stopped", metadata: ["part": "\(name)", "error": "\(error)"])
            throw error
        }
        var metadata: Logger.Metadata = ["part": "\(name)"]
        if let asked = askedAt.time { metadata["stopMs"] = "\((clock.now - asked).milliseconds)" }
        logger.info("stopped", metadata: metadata)
    }
}

/// When the stop was asked for, set from the graceful-shutdown handler.
private final class AskedToStop: Sendable {
    private let asked = Mutex<ContinuousClock.Instant?>(nil)

    func mark(_ time: ContinuousClock.Instant) { asked.withLock { $0 = time } }

    var time: ContinuousClock.Instant? { asked.withLock { $0 } }
}
