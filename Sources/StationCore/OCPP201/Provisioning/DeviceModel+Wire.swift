// Conversions between the device model's values and the OCPP 2.0.1 wire types: components,
// variables, attributes and report entries.

public import OCPP201
import struct OCPP.BoundedString

extension BoundedString {
    /// `text` cut to the maximum length (device model names and values we hold are short; a longer
    /// one is cut rather than refused, since it is ours to send).
    init(cutting text: String) {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(maxLength))
        try! self.init(String(scalars))
    }
}

extension ComponentReference {
    /// The component named on the wire.
    public init(_ component: Component) {
        self.init(name: component.name.value, instance: component.instance?.value, evseId: component.evse?.id, connectorId: component.evse?.connectorId)
    }

    /// The wire component.
    public var wire: Component {
        Component(evse: evseId.map { EVSE(id: $0, connectorId: connectorId) }, name: BoundedString(cutting: name), instance: instance.map(BoundedString.init(cutting:)))
    }
}

extension VariableReference {
    /// The variable named on the wire.
    public init(_ variable: Variable) {
        self.init(name: variable.name.value, instance: variable.instance?.value)
    }

    /// The wire variable.
    public var wire: Variable {
        Variable(name: BoundedString(cutting: name), instance: instance.map(BoundedString.init(cutting:)))
    }
}

extension AttributeKind {
    /// The attribute named on the wire; absent is Actual.
    public init(_ attribute: Attribute?) {
        switch attribute ?? .actual {
        case .actual: self = .actual
        case .target: self = .target
        case .minSet: self = .minSet
        case .maxSet: self = .maxSet
        }
    }

    /// The wire attribute.
    public var wire: Attribute {
        switch self {
        case .actual: .actual
        case .target: .target
        case .minSet: .minSet
        case .maxSet: .maxSet
        }
    }
}

extension ReportEntry {
    /// The entry as NotifyReport lists it.
    public var wire: NotifyReport.ReportData {
        NotifyReport.ReportData(
            component: key.component.wire,
            variable: key.variable.wire,
            variableAttribute: attributes.map { attribute in
                NotifyReport.VariableAttribute(
                    type: attribute.kind.wire, value: attribute.value.map(BoundedString.init(cutting:)),
                    mutability: NotifyReport.Mutability(rawValue: attribute.mutability.rawValue),
                    persistent: attribute.persistent, constant: attribute.constant
                )
            },
            variableCharacteristics: NotifyReport.VariableCharacteristics(
                unit: characteristics.unit.map(BoundedString.init(cutting:)),
                dataType: NotifyReport.DataType(rawValue: characteristics.dataType.rawValue) ?? .string,
                minLimit: characteristics.minLimit, maxLimit: characteristics.maxLimit,
                valuesList: characteristics.valuesList.map { BoundedString(cutting: $0.joined(separator: ",")) },
                supportsMonitoring: characteristics.supportsMonitoring
            )
        )
    }
}
