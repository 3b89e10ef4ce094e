// One variable of the OCPP 2.0.1 device model with everything known about it: where it lives,
// its characteristics and its attributes.

/// A variable of a component, with its attributes (at least Actual for every standard variable).
public struct DeviceVariable: Hashable, Sendable {
    /// The component and variable.
    public var key: VariableKey
    /// Data type, unit, limits, allowed values.
    public var characteristics: VariableCharacteristics
    /// The attributes the variable has; an attribute kind not listed is "not supported".
    public var attributes: [AttributeKind: AttributeValue]
    /// Whether a new value takes effect only after a reboot (SetVariables answers RebootRequired).
    public var rebootRequired: Bool

    /// Creates the variable.
    public init(key: VariableKey, characteristics: VariableCharacteristics, attributes: [AttributeKind: AttributeValue], rebootRequired: Bool = false) {
        self.key = key
        self.characteristics = characteristics
        self.attributes = attributes
        self.rebootRequired = rebootRequired
    }

    /// A variable with only an Actual attribute: the common case.
    public init(
        _ component: ComponentReference, _ name: String, instance: String? = nil, _ characteristics: VariableCharacteristics,
        value: String?, mutability: Mutability, persistent: Bool = false, constant: Bool = false, rebootRequired: Bool = false
    ) {
        self.init(
            key: VariableKey(component, VariableReference(name: name, instance: instance)),
            characteristics: characteristics,
            attributes: [.actual: AttributeValue(value: value, mutability: mutability, persistent: persistent, constant: constant)],
            rebootRequired: rebootRequired
        )
    }

    /// The attributes in the specification's order (Actual, Target, MinSet, MaxSet).
    public var orderedAttributes: [(kind: AttributeKind, attribute: AttributeValue)] {
        AttributeKind.allCases.compactMap { kind in attributes[kind].map { (kind, $0) } }
    }
}
