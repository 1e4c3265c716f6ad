import Herald

/// A new id of `kind` made at `time`, as Herald makes ids: a ULID whose leading bits are the
/// time, so that ids made at later times sort after earlier ones (stores list by them).
func newID(_ kind: PrefixedID.Kind, at time: Int64) -> String {
    PrefixedIDGenerator(clock: { UInt64(time) }).next(kind).rawValue
}
