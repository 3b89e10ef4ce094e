// GetVariables and SetVariables on the device model (OCPP 2.0.1 use cases B06 and B05): one result
// per requested item, in request order.

/// One item of a GetVariables request.
public struct GetVariableItem: Hashable, Sendable {
    /// The component and variable asked for.
    public var key: VariableKey
    /// The attribute asked for (the request's absent `attributeType` is Actual).
    public var attribute: AttributeKind

    /// Creates the item.
    public init(_ key: VariableKey, attribute: AttributeKind = .actual) {
        self.key = key
        self.attribute = attribute
    }
}

/// The outcome of one GetVariables item (OCPP 2.0.1 GetVariableStatusEnumType with its value).
public enum GetVariableOutcome: Hashable, Sendable {
    /// Readable: the value (nil when not set).
    case accepted(String?)
    /// The variable is WriteOnly.
    case rejected
    case unknownComponent
    case unknownVariable
    case notSupportedAttributeType
}

/// One item of a SetVariables request.
public struct SetVariableItem: Hashable, Sendable {
    /// The component and variable to write.
    public var key: VariableKey
    /// The attribute to write (the request's absent `attributeType` is Actual).
    public var attribute: AttributeKind
    /// The new value.
    public var value: String

    /// Creates the item.
    public init(_ key: VariableKey, attribute: AttributeKind = .actual, value: String) {
        self.key = key
        self.attribute = attribute
        self.value = value
    }
}

/// The outcome of one SetVariables item (OCPP 2.0.1 SetVariableStatusEnumType, with why a value
/// was rejected for the result's statusInfo).
public enum SetVariableOutcome: Hashable, Sendable {
    case accepted
    /// Stored, but takes effect after the next reboot.
    case rebootRequired
    /// Not written: the reason says why (read-only, constant, or the value does not fit).
    case rejected(SetVariableRejection)
    case unknownComponent
    case unknownVariable
    case notSupportedAttributeType
}

/// Why SetVariables refused a value.
public enum SetVariableRejection: Hashable, Sendable {
    case readOnly
    case constant
    /// Longer than DeviceDataCtrlr.ConfigurationValueSize.
    case tooLong(Int)
    case invalidValue(ValueProblem)
}

extension DeviceModel {
    /// The results of a GetVariables request, one per item in order. A value longer than
    /// `reportingValueSize` (DeviceDataCtrlr.ReportingValueSize) is cut to that length.
    public func get(_ items: [GetVariableItem], reportingValueSize: Int? = nil) -> [GetVariableOutcome] {
        items.map { item in
            switch locate(item.key, item.attribute) {
            case .failure(let outcome): return outcome.getOutcome
            case .success(let attribute):
                guard attribute.mutability != .writeOnly else { return .rejected }
                guard let value = attribute.value, let limit = reportingValueSize, value.unicodeScalars.count > limit else {
                    return .accepted(attribute.value)
                }
                var cut = String.UnicodeScalarView()
                cut.append(contentsOf: value.unicodeScalars.prefix(limit))
                return .accepted(String(cut))
            }
        }
    }

    /// Applies a SetVariables request item by item, in order, and returns one outcome per item and
    /// the values the owner must store (written persistent attributes). An item is checked against
    /// the model as the earlier items left it. A value longer than `configurationValueSize`
    /// (DeviceDataCtrlr.ConfigurationValueSize) is rejected.
    public mutating func set(_ items: [SetVariableItem], configurationValueSize: Int? = nil) -> (outcomes: [SetVariableOutcome], stored: [StoredVariableValue]) {
        var outcomes: [SetVariableOutcome] = []
        var stored: [StoredVariableValue] = []
        for item in items {
            let located = locate(item.key, item.attribute)
            guard case .success(let attribute) = located, let variable = variable(item.key) else {
                if case .failure(let missing) = located { outcomes.append(missing.setOutcome) }
                continue
            }
            if attribute.mutability == .readOnly {
                outcomes.append(.rejected(.readOnly))
            } else if attribute.constant {
                outcomes.append(.rejected(.constant))
            } else if let limit = configurationValueSize, item.value.unicodeScalars.count > limit {
                outcomes.append(.rejected(.tooLong(limit)))
            } else if let problem = variable.characteristics.problem(with: item.value) {
                outcomes.append(.rejected(.invalidValue(problem)))
            } else {
                write(item.value, to: item.key, item.attribute)
                if attribute.persistent { stored.append(StoredVariableValue(key: item.key, attribute: item.attribute, value: item.value)) }
                outcomes.append(variable.rebootRequired ? .rebootRequired : .accepted)
            }
        }
        return (outcomes, stored)
    }

    private enum Missing: Error {
        case component, variable, attribute

        var getOutcome: GetVariableOutcome {
            switch self {
            case .component: .unknownComponent
            case .variable: .unknownVariable
            case .attribute: .notSupportedAttributeType
            }
        }

        var setOutcome: SetVariableOutcome {
            switch self {
            case .component: .unknownComponent
            case .variable: .unknownVariable
            case .attribute: .notSupportedAttributeType
            }
        }
    }

    private func locate(_ key: VariableKey, _ kind: AttributeKind) -> Result<AttributeValue, Missing> {
        guard hasComponent(key.component) else { return .failure(.component) }
        guard let variable = variable(key) else { return .failure(.variable) }
        guard let attribute = variable.attributes[kind] else { return .failure(.attribute) }
        return .success(attribute)
    }
}
