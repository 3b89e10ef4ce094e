// The decoding shared by every enumerated string of the schemas: an unknown value is a
// PropertyConstraintViolation naming the allowed values.

/// An enumeration of the OCPP schemas whose raw values are the wire strings.
public protocol OCPPEnum: RawRepresentable<String>, Codable, Sendable, Hashable, CaseIterable, JSONValueConvertible {}

extension OCPPEnum {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw PayloadError(.notAllowed(value: text, allowed: Self.allCases.map(\.rawValue)), codingPath: decoder.codingPath)
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
