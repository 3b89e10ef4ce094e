// The `customData` member every OCPP 2.0.1 object may carry: a vendor id plus any members the
// vendor defines (the schemas leave CustomDataType open to extension).

public import enum OCPP.JSONValue
public import protocol OCPP.JSONValueConvertible
public import struct OCPP.BoundedString
public import struct OCPP.PayloadError

/// Vendor-specific data attached to a payload or datatype (OCPP 2.0.1 CustomDataType). Unknown to
/// the station's behaviour; decoded so that a CSMS that sends it is not refused, and encoded back
/// unchanged.
public struct CustomData: Codable, Sendable, Equatable, JSONValueConvertible {
    /// The vendor that defines the other members.
    public var vendorId: BoundedString<255>
    /// The vendor's members, in wire order.
    public var members: [(key: String, value: JSONValue)]

    /// Creates the data.
    public init(vendorId: BoundedString<255>, members: [(key: String, value: JSONValue)] = []) {
        self.vendorId = vendorId
        self.members = members
    }

    /// Reads the object; `vendorId` is required and at most 255 characters, other members are free.
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        guard case .object(let all) = json else { throw PayloadError(.notAnObject(found: json.typeName), path: path()) }
        guard let vendor = all.first(where: { $0.key == "vendorId" }) else {
            throw PayloadError(.missingField, path: path() + ".vendorId")
        }
        vendorId = try BoundedString<255>(json: vendor.value, path: path() + ".vendorId")
        members = all.filter { $0.key != "vendorId" }
    }

    /// The object: `vendorId` first, then the vendor's members.
    public var json: JSONValue { .object([(key: "vendorId", value: .string(vendorId.value))] + members) }

    /// Decodes through any decoder by way of `JSONValue`.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder), path: "customData")
    }

    /// Encodes through any encoder by way of `JSONValue`.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    public static func == (lhs: CustomData, rhs: CustomData) -> Bool {
        lhs.vendorId == rhs.vendorId && JSONValue.object(lhs.members) == JSONValue.object(rhs.members)
    }
}
