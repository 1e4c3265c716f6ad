/// Checks a schema document and compiles it into ``JSONSchemaNode``s.
enum JSONSchemaCompiler {
    /// Keywords that would need reference resolution, which is not implemented.
    private static let referenceKeywords: Set<String> = ["$ref", "$dynamicRef", "$recursiveRef"]

    /// Compiles the schema `value` found at `pointer` in the schema document.
    static func compile(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> JSONSchemaNode {
        switch value {
        case .bool(let flag):
            return .always(flag)
        case .object(let members):
            return .keywords(try compileKeywords(members, at: pointer))
        default:
            throw failure(pointer, "must be an object or a boolean")
        }
    }

    /// Compiles the keywords of an object schema; unknown keywords are ignored.
    private static func compileKeywords(
        _ members: [JSONMember],
        at pointer: String
    ) throws(JSONSchemaError) -> JSONSchemaKeywords {
        var keywords = JSONSchemaKeywords()
        for member in members {
            let here = pointer + "/" + JSONPointer.escape(member.key)
            let value = member.value
            switch member.key {
            case _ where referenceKeywords.contains(member.key):
                throw failure(here, "is not supported: schema references cannot be resolved, inline the referenced schema instead")
            case "type":
                keywords.types = try types(value, at: here)
            case "const":
                keywords.constValue = value
            case "enum":
                guard case .array(let values) = value else { throw failure(here, "must be an array") }
                keywords.enumValues = values
            case "minimum":
                keywords.minimum = try number(value, at: here)
            case "exclusiveMinimum":
                keywords.exclusiveMinimum = try number(value, at: here)
            case "maximum":
                keywords.maximum = try number(value, at: here)
            case "exclusiveMaximum":
                keywords.exclusiveMaximum = try number(value, at: here)
            case "minLength":
                keywords.minLength = try count(value, at: here)
            case "maxLength":
                keywords.maxLength = try count(value, at: here)
            case "pattern":
                guard case .string(let source) = value else { throw failure(here, "must be a string") }
                guard let pattern = JSONSchemaPattern(source) else {
                    throw failure(here, "must be a valid regular expression, but \(JSONValue.string(source).serialized()) does not compile")
                }
                keywords.pattern = pattern
            case "minItems":
                keywords.minItems = try count(value, at: here)
            case "maxItems":
                keywords.maxItems = try count(value, at: here)
            case "items":
                if case .array = value {
                    throw failure(here, "must be an object or a boolean (arrays of schemas are prefixItems in draft 2020-12, which is not supported)")
                }
                keywords.items = try compile(value, at: here)
            case "properties":
                keywords.properties = try properties(value, at: here)
            case "required":
                keywords.required = try required(value, at: here)
            case "additionalProperties":
                keywords.additionalProperties = try compile(value, at: here)
            default:
                continue
            }
        }
        return keywords
    }

    /// The `type` keyword: a type name or a non-empty array of distinct type names.
    private static func types(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> [JSONSchemaType] {
        switch value {
        case .string(let name):
            return [try typeName(name, at: pointer)]
        case .array(let elements):
            guard !elements.isEmpty else { throw failure(pointer, "must not be an empty array") }
            var result: [JSONSchemaType] = []
            for (index, element) in elements.enumerated() {
                let here = pointer + "/" + String(index)
                guard case .string(let name) = element else { throw failure(here, "must be a string") }
                let type = try typeName(name, at: here)
                if result.contains(type) { throw failure(here, "must not repeat the type \(name)") }
                result.append(type)
            }
            return result
        default:
            throw failure(pointer, "must be a string or an array of strings")
        }
    }

    /// One type name.
    private static func typeName(_ name: String, at pointer: String) throws(JSONSchemaError) -> JSONSchemaType {
        guard let type = JSONSchemaType(rawValue: name) else {
            let known = JSONSchemaType.sortedNames.joined(separator: ", ")
            throw failure(pointer, "must be one of \(known), not \(JSONValue.string(name).serialized())")
        }
        return type
    }

    /// A keyword whose value must be a number.
    private static func number(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> JSONNumber {
        guard case .number(let number) = value else { throw failure(pointer, "must be a number") }
        return number
    }

    /// A keyword whose value must be a non-negative integer (`2.0` allowed);
    /// values beyond `Int` saturate.
    private static func count(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> Int {
        guard case .number(let number) = value, number.isInteger, !(number < JSONNumber(0)) else {
            throw failure(pointer, "must be a non-negative integer")
        }
        if let exact = number.int64Value { return Int(exact) }
        let double = number.doubleValue
        return double < 9.0e18 ? Int(double) : Int.max
    }

    /// The `properties` keyword: an object whose values are schemas.
    private static func properties(
        _ value: JSONValue,
        at pointer: String
    ) throws(JSONSchemaError) -> [String: JSONSchemaNode] {
        guard case .object(let members) = value else { throw failure(pointer, "must be an object") }
        var result: [String: JSONSchemaNode] = [:]
        for member in members {
            result[member.key] = try compile(member.value, at: pointer + "/" + JSONPointer.escape(member.key))
        }
        return result
    }

    /// The `required` keyword: an array of distinct strings.
    private static func required(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> [String] {
        guard case .array(let elements) = value else { throw failure(pointer, "must be an array of strings") }
        var result: [String] = []
        var seen: Set<String> = []
        for (index, element) in elements.enumerated() {
            let here = pointer + "/" + String(index)
            guard case .string(let name) = element else { throw failure(here, "must be a string") }
            guard seen.insert(name).inserted else {
                throw failure(here, "must not repeat the property name \(JSONValue.string(name).serialized())")
            }
            result.append(name)
        }
        return result
    }

    /// An error at `pointer` whose message starts with the pointer.
    private static func failure(_ pointer: String, _ problem: String) -> JSONSchemaError {
        JSONSchemaError(pointer: pointer, message: "\(pointer.isEmpty ? "the schema" : pointer) \(problem)")
    }
}
