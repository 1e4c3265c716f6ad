import HeraldStore
import Testing

/// Checks that `body` throws a ``StoreError`` with `code`, and that the error says the same call
/// will not succeed later (`conflict` and `notFound` are final).
func expectStoreError(_ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected a \(code) error, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.code == code, "the error is \(error)", sourceLocation: sourceLocation)
        #expect(!error.isRetryable, "\(code) is not retryable", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a StoreError with code \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
