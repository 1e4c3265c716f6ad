import HeraldStore

/// Makes a fresh, empty store for one conformance case: a new SQLite file, a new PostgreSQL
/// schema. Every case calls it once (or more, for cases that need two stores' worth of
/// isolation) and never shares the store it got with another case.
public typealias StoreFactory = @Sendable () async throws -> any HeraldStore
