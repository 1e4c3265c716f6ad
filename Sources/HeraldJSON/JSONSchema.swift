/// A validator for the subset of JSON Schema draft 2020-12 used for event payloads.
///
/// Supported keywords: `type`, `properties`, `required`, `additionalProperties`,
/// `items` (one schema for every element), `minItems`, `maxItems`, `enum`,
/// `const`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
/// `minLength`, `maxLength` (in code points), `pattern` (ICU regular
/// expressions via `NSRegularExpression`, not implicitly anchored) and the
/// boolean schemas `true` and `false`. `$ref` (and `$dynamicRef`,
/// `$recursiveRef`) make the schema invalid; every other keyword is ignored.
public struct JSONSchema: Sendable {
    /// The schema document this validator was built from.
    public let document: JSONValue
    /// The compiled root schema.
    private let root: JSONSchemaNode

    /// Checks and compiles a schema document.
    ///
    /// Throws a ``JSONSchemaError`` naming the JSON pointer of the first
    /// problem, e.g. "/properties/price/minimum must be a number".
    public init(_ schema: JSONValue) throws(JSONSchemaError) {
        self.document = schema
        self.root = try JSONSchemaCompiler.compile(schema, at: "")
    }

    /// Returns the first failure in instance document order, or `nil` if `value` is valid.
    public func validate(_ value: JSONValue) -> JSONSchemaViolation? {
        var validator = JSONSchemaValidator()
        return validator.validate(value, against: root)
    }

    /// `true` if `value` is valid.
    public func isValid(_ value: JSONValue) -> Bool {
        validate(value) == nil
    }
}
