// A fast path for the leaf and hot types of payloads (enumerations, bounded strings, timestamps,
// sampled values): they convert to and from a JSON value directly instead of through Codable's
// containers, which keeps a MeterValues frame cheap to decode and encode.

/// A type written as a single JSON value; the payload coders use these conversions directly.
public protocol JSONValueConvertible {
    /// Creates the value from `json`; `path` locates the field for errors.
    init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError)
    /// The JSON value.
    var json: JSONValue { get }
}

extension JSONValueConvertible {
    static func string(from json: JSONValue, path: () -> String) throws(PayloadError) -> String {
        guard case .string(let text) = json else {
            throw PayloadError(json.isNull ? .wrongType(expected: "string", found: "null") : .wrongType(expected: "string", found: json.typeName), path: path())
        }
        return text
    }
}

extension JSONValue {
    var isNull: Bool { if case .null = self { true } else { false } }
}

extension OCPPEnum {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        let text = try Self.string(from: json, path: path)
        guard let value = Self(rawValue: text) else {
            throw PayloadError(.notAllowed(value: text, allowed: Self.allCases.map(\.rawValue)), path: path())
        }
        self = value
    }

    public var json: JSONValue { .string(rawValue) }
}

extension CiString: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        let text = try Self.string(from: json, path: path)
        let length = text.unicodeScalars.count
        guard length <= maxLength else { throw PayloadError(.tooLong(maximum: maxLength, found: length), path: path()) }
        self.init(unchecked: text)
    }

    public var json: JSONValue { .string(value) }
}

extension BoundedString: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        let text = try Self.string(from: json, path: path)
        let length = text.unicodeScalars.count
        guard length <= maxLength else { throw PayloadError(.tooLong(maximum: maxLength, found: length), path: path()) }
        self.init(unchecked: text)
    }

    public var json: JSONValue { .string(value) }
}

extension Timestamp: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        let text = try Self.string(from: json, path: path)
        guard let milliseconds = TimestampParser.parse(Array(text.utf8)) else {
            throw PayloadError(.invalidTimestamp(text), path: path())
        }
        self.init(millisecondsSince1970: milliseconds)
    }

    public var json: JSONValue { .string(rfc3339) }
}

extension ChargingRate: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        guard case .number(let literal) = json else {
            throw PayloadError(.wrongType(expected: "number", found: json.typeName), path: path())
        }
        guard let number = Double(literal), abs(number * 10) < 1e15, abs(number * 10 - (number * 10).rounded()) < 1e-6 else {
            throw PayloadError(.invalidValue("must be a multiple of 0.1, found \(literal)"), path: path())
        }
        self.init(tenths: Int((number * 10).rounded()))
    }

    public var json: JSONValue { .number(description) }
}

extension URIString: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        let text = try Self.string(from: json, path: path)
        guard let uri = URIString(text) else { throw PayloadError(.invalidValue("is not an absolute URI: '\(text)'"), path: path()) }
        self = uri
    }

    public var json: JSONValue { .string(value) }
}
