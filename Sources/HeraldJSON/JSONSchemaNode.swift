/// A compiled schema: a boolean schema or a set of keyword constraints.
indirect enum JSONSchemaNode: Sendable {
    /// `true` (everything is valid) or `false` (nothing is).
    case always(Bool)
    /// An object schema.
    case keywords(JSONSchemaKeywords)
}
