/// The supported keywords of one object schema, already checked and compiled.
struct JSONSchemaKeywords: Sendable {
    /// `type`, in the order written.
    var types: [JSONSchemaType]?
    /// `const`.
    var constValue: JSONValue?
    /// `enum`.
    var enumValues: [JSONValue]?
    /// `minimum`.
    var minimum: JSONNumber?
    /// `exclusiveMinimum`.
    var exclusiveMinimum: JSONNumber?
    /// `maximum`.
    var maximum: JSONNumber?
    /// `exclusiveMaximum`.
    var exclusiveMaximum: JSONNumber?
    /// `minLength`, in code points.
    var minLength: Int?
    /// `maxLength`, in code points.
    var maxLength: Int?
    /// `pattern`.
    var pattern: JSONSchemaPattern?
    /// `minItems`.
    var minItems: Int?
    /// `maxItems`.
    var maxItems: Int?
    /// `items`.
    var items: JSONSchemaNode?
    /// `properties`.
    var properties: [String: JSONSchemaNode] = [:]
    /// `required`, in the order written.
    var required: [String] = []
    /// `additionalProperties`.
    var additionalProperties: JSONSchemaNode?

    /// `true` when members of an object instance need to be visited.
    var inspectsMembers: Bool { !properties.isEmpty || additionalProperties != nil }
}
