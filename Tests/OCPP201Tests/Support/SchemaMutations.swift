// Breaks a valid payload in one place at a time, led by its schema: each mutation violates exactly
// one rule of the schema, and names the CALLERROR code the station must answer it with.

import OCPP201
import enum OCPP.JSONValue

/// One broken payload.
struct Mutation {
    /// The payload with one violation.
    let payload: JSONValue
    /// The code the decoder must refuse it with.
    let expected: CallErrorCode
    /// What was broken, and where.
    let summary: String
}

/// Walks a payload along its schema (a JSON Schema draft-06 object with local `definitions`).
struct SchemaMutations {
    /// The whole schema, for resolving `$ref`s.
    let root: JSONValue

    /// Every single-violation variant of `value`, which must be valid against `root`.
    func mutations(of value: JSONValue) -> [Mutation] {
        mutations(of: value, schema: root, path: "")
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard case .string(let reference)? = schema["$ref"] else { return schema }
        let name = String(reference.split(separator: "/").last!)
        return root["definitions"]?[name] ?? schema
    }

    private func mutations(of value: JSONValue, schema unresolved: JSONValue, path: String) -> [Mutation] {
        let schema = resolve(unresolved)
        var result: [Mutation] = []
        func add(_ payload: JSONValue, _ expected: CallErrorCode, _ what: String) {
            result.append(Mutation(payload: payload, expected: expected, summary: "\(path.isEmpty ? "payload" : path): \(what)"))
        }
        if case .array(let allowed)? = schema["enum"], !allowed.isEmpty {
            add(.string("NotAnAllowedValue"), .propertyConstraintViolation, "value outside the enumeration")
            add(.number("3"), .typeConstraintViolation, "number instead of an enumerated string")
            return result
        }
        switch (schema["type"], value) {
        case (.string("object")?, .object(let members)):
            var required: Set<String> = []
            if case .array(let names)? = schema["required"] {
                for case .string(let name) in names { required.insert(name) }
            }
            for member in members where required.contains(member.key) {
                add(.object(members.filter { $0.key != member.key }), .occurrenceConstraintViolation, "required '\(member.key)' removed")
            }
            if case .bool(false)? = schema["additionalProperties"] {
                add(.object(members + [(key: "notInTheSchema", value: .bool(true))]), .formatViolation, "unknown member added")
            }
            add(.array([]), .formatViolation, "array instead of an object")
            for (index, member) in members.enumerated() {
                guard let child = schema["properties"]?[member.key] else { continue }
                for inner in mutations(of: member.value, schema: child, path: path.isEmpty ? member.key : "\(path).\(member.key)") {
                    var changed = members
                    changed[index].value = inner.payload
                    result.append(Mutation(payload: .object(changed), expected: inner.expected, summary: inner.summary))
                }
            }
        case (.string("array")?, .array(let elements)):
            if case .number(let least)? = schema["minItems"], Int(least) == 1 {
                add(.array([]), .occurrenceConstraintViolation, "empty array")
            }
            if case .number(let most)? = schema["maxItems"], let limit = Int(most), let first = elements.first {
                add(.array(Array(repeating: first, count: limit + 1)), .occurrenceConstraintViolation, "\(limit + 1) items")
            }
            add(.string("[]"), .typeConstraintViolation, "string instead of an array")
            if let first = elements.first, let items = schema["items"] {
                for inner in mutations(of: first, schema: items, path: path + "[0]") {
                    result.append(Mutation(payload: .array([inner.payload] + elements.dropFirst()), expected: inner.expected, summary: inner.summary))
                }
            }
        case (.string("string")?, _):
            if case .number(let most)? = schema["maxLength"], let limit = Int(most) {
                add(.string(String(repeating: "y", count: limit + 1)), .propertyConstraintViolation, "\(limit + 1) characters")
            }
            if case .string("date-time")? = schema["format"] {
                add(.string("next tuesday"), .propertyConstraintViolation, "not a date-time")
            }
            add(.bool(true), .typeConstraintViolation, "boolean instead of a string")
        case (.string("integer")?, _):
            add(.string("1"), .typeConstraintViolation, "string instead of an integer")
            add(.number("1.5"), .typeConstraintViolation, "fraction instead of an integer")
            if case .number(let low)? = schema["minimum"], let bound = Double(low) {
                add(.number(String(Int(bound) - 1)), .propertyConstraintViolation, "below the minimum")
            }
            if case .number(let high)? = schema["maximum"], let bound = Double(high) {
                add(.number(String(Int(bound) + 1)), .propertyConstraintViolation, "above the maximum")
            }
        case (.string("number")?, _):
            add(.string("1.5"), .typeConstraintViolation, "string instead of a number")
        case (.string("boolean")?, _):
            add(.string("true"), .typeConstraintViolation, "string instead of a boolean")
        default:
            break
        }
        return result
    }
}
