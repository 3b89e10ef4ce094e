// Direct JSON conversion of meter values, the most frequent payload content (each MeterValues
// frame carries one SampledValue per measurand). Same rules as the Codable path: unknown members,
// missing `value` or a wrong type are errors with the field path.

extension SampledValue: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        guard case .object(let members) = json else {
            throw PayloadError(.notAnObject(found: json.typeName), path: path())
        }
        var value: String?
        for (key, member) in members {
            switch key {
            case "value": value = try Self.string(from: member, path: { path() + ".value" })
            case "context": context = try ReadingContext(json: member, path: path() + ".context")
            case "format": format = try ValueFormat(json: member, path: path() + ".format")
            case "measurand": measurand = try Measurand(json: member, path: path() + ".measurand")
            case "phase": phase = try Phase(json: member, path: path() + ".phase")
            case "location": location = try Location(json: member, path: path() + ".location")
            case "unit": unit = try UnitOfMeasure(json: member, path: path() + ".unit")
            default: throw PayloadError(.unknownField, path: path() + "." + key)
            }
        }
        guard let value else { throw PayloadError(.missingField, path: path() + ".value") }
        self.value = value
    }

    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("value", .string(value))]
        members.reserveCapacity(7)
        if let context { members.append(("context", context.json)) }
        if let format { members.append(("format", format.json)) }
        if let measurand { members.append(("measurand", measurand.json)) }
        if let phase { members.append(("phase", phase.json)) }
        if let location { members.append(("location", location.json)) }
        if let unit { members.append(("unit", unit.json)) }
        return .object(members)
    }
}

extension MeterValue: JSONValueConvertible {
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        guard case .object(let members) = json else {
            throw PayloadError(.notAnObject(found: json.typeName), path: path())
        }
        var timestamp: Timestamp?
        var sampledValue: [SampledValue]?
        for (key, member) in members {
            switch key {
            case "timestamp": timestamp = try Timestamp(json: member, path: path() + ".timestamp")
            case "sampledValue":
                guard case .array(let elements) = member else {
                    throw PayloadError(.wrongType(expected: "array", found: member.typeName), path: path() + ".sampledValue")
                }
                var values: [SampledValue] = []
                values.reserveCapacity(elements.count)
                for (index, element) in elements.enumerated() {
                    values.append(try SampledValue(json: element, path: path() + ".sampledValue[\(index)]"))
                }
                sampledValue = values
            default: throw PayloadError(.unknownField, path: path() + "." + key)
            }
        }
        guard let timestamp else { throw PayloadError(.missingField, path: path() + ".timestamp") }
        guard let sampledValue else { throw PayloadError(.missingField, path: path() + ".sampledValue") }
        self.init(timestamp: timestamp, sampledValue: sampledValue)
    }

    public var json: JSONValue {
        .object([("timestamp", timestamp.json), ("sampledValue", .array(sampledValue.map(\.json)))])
    }
}
