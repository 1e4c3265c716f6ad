import Synchronization

/// A continuation that the first of several racers resumes and the others find already
/// resumed: for a blocking call that a cancellation may answer first. A resume that arrives
/// before the continuation is set is kept and delivered when it is.
final class OnceContinuation<Value: Sendable>: Sendable {
    private enum State {
        case waiting
        case set(CheckedContinuation<Value, Never>)
        case answeredEarly(Value)
        case done
    }

    private let state = Mutex<State>(.waiting)

    /// Hands over the continuation to resume.
    func set(_ continuation: CheckedContinuation<Value, Never>) {
        let early: Value? = state.withLock { state in
            switch state {
            case .waiting:
                state = .set(continuation)
                return nil
            case .answeredEarly(let value):
                state = .done
                return value
            case .set, .done:
                preconditionFailure("OnceContinuation.set called twice")
            }
        }
        if let early { continuation.resume(returning: early) }
    }

    /// Resumes with `value` unless an earlier call already did.
    func resume(returning value: Value) {
        let continuation: CheckedContinuation<Value, Never>? = state.withLock { state in
            switch state {
            case .waiting:
                state = .answeredEarly(value)
                return nil
            case .set(let continuation):
                state = .done
                return continuation
            case .answeredEarly, .done:
                return nil
            }
        }
        continuation?.resume(returning: value)
    }
}
