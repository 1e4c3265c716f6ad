import Testing

/// Several `herald serve` processes on one PostgreSQL database, under load, with processes and
/// the database failing: the scenarios are nested in this suite so that they run one at a time
/// (each starts three processes; two would not fit on a small machine at once).
@Suite("Several processes on one PostgreSQL database", .serialized)
struct MultiProcessScenarios {}
