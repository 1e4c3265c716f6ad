import HeraldStore
import Testing

/// One named check of the ``HeraldStore`` contract, run on a fresh store from a ``StoreFactory``.
///
/// Cases assert with Swift Testing's `#expect` and `#require`, so they run inside a test, which
/// records their failed expectations as its own issues:
///
/// ```swift
/// @Test(arguments: StoreConformance.allCases)
/// func conforms(to check: StoreConformanceCase) async throws {
///     try await check.run { try MyStore(…) }
/// }
/// ```
public struct StoreConformanceCase: Sendable, CustomTestStringConvertible {
    /// The part of the contract it checks, such as `claims and leases`.
    public let area: String
    /// What it checks, as a sentence about the store's behaviour.
    public let name: String
    /// The check: makes its store(s) with the factory, then drives and observes them through the
    /// protocol only.
    public let body: @Sendable (StoreFactory) async throws -> Void

    /// Creates a case.
    public init(area: String, _ name: String, body: @escaping @Sendable (StoreFactory) async throws -> Void) {
        self.area = area
        self.name = name
        self.body = body
    }

    /// Runs the check on stores made by `makeStore`. Failed expectations are recorded on the
    /// running test; a failed `#require` or an unexpected store error is thrown.
    public func run(_ makeStore: @escaping StoreFactory) async throws {
        try await body(makeStore)
    }

    /// `area: name`, what the test report shows for the case.
    public var testDescription: String { "\(area): \(name)" }
}
