/// A case could not build the state it checks (a write answered differently from what the case
/// needs); thrown, so that the case fails with the reason instead of checking nonsense.
struct SetupFailure: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
