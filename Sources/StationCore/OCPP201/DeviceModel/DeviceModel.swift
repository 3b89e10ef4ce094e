// The OCPP 2.0.1 device model of one station as a value: every component variable with its
// attributes, in a stable order. GetVariables, SetVariables and the base reports work on it
// (see the DeviceModel+ files); the owner persists the changes they return.

/// The components and variables of a station. A value type without I/O; the owner (the 2.0.1
/// provisioning service on the Station actor) keeps it and stores persistent changes.
public struct DeviceModel: Sendable {
    /// The variables, in the order they were added (reports follow it).
    public private(set) var variables: [DeviceVariable] = []
    private var index: [VariableKey: Int] = [:]
    private var components: Set<ComponentReference> = []

    /// A device model holding `variables`; a later variable with the same key replaces an earlier one.
    public init(_ variables: [DeviceVariable] = []) {
        for variable in variables { add(variable) }
    }

    /// Adds `variable`, or replaces the one with the same component and variable.
    public mutating func add(_ variable: DeviceVariable) {
        if let position = index[variable.key] {
            variables[position] = variable
        } else {
            index[variable.key] = variables.count
            variables.append(variable)
            components.insert(variable.key.component)
        }
    }

    /// The variable at `key`, if the model has it.
    public func variable(_ key: VariableKey) -> DeviceVariable? {
        index[key].map { variables[$0] }
    }

    /// Whether any variable belongs to `component`.
    public func hasComponent(_ component: ComponentReference) -> Bool {
        components.contains(component)
    }

    /// The value of an attribute (Actual unless said otherwise), whatever its mutability: for the
    /// station's own use, not for GetVariables.
    public func value(_ key: VariableKey, _ kind: AttributeKind = .actual) -> String? {
        variable(key)?.attributes[kind]?.value
    }

    /// The Actual value read as an integer.
    public func integer(_ key: VariableKey) -> Int? {
        value(key).flatMap { Int($0) }
    }

    /// The Actual value read as a boolean.
    public func boolean(_ key: VariableKey) -> Bool? {
        switch value(key) {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// Sets a value from the station itself (for example AvailabilityState), bypassing mutability;
    /// does nothing when the model has no such attribute.
    public mutating func update(_ key: VariableKey, _ kind: AttributeKind = .actual, to value: String) {
        guard let position = index[key], variables[position].attributes[kind] != nil else { return }
        variables[position].attributes[kind]?.value = value
    }

    /// Replaces values with stored ones after a reboot: each stored value is applied when the
    /// attribute exists, is persistent and the value still fits the characteristics (a value from an
    /// older firmware that no longer fits is ignored and the default stays).
    public mutating func restore(_ stored: [StoredVariableValue]) {
        for item in stored {
            guard let position = index[item.key], let attribute = variables[position].attributes[item.attribute], attribute.persistent,
                  variables[position].characteristics.problem(with: item.value) == nil
            else { continue }
            variables[position].attributes[item.attribute]?.value = item.value
        }
    }

    mutating func write(_ value: String, to key: VariableKey, _ kind: AttributeKind) {
        guard let position = index[key] else { return }
        variables[position].attributes[kind]?.value = value
    }
}

/// A value the owner stores because its attribute is persistent.
public struct StoredVariableValue: Hashable, Sendable {
    /// The component and variable.
    public var key: VariableKey
    /// The attribute.
    public var attribute: AttributeKind
    /// The new value.
    public var value: String

    /// Creates the stored value.
    public init(key: VariableKey, attribute: AttributeKind, value: String) {
        self.key = key
        self.attribute = attribute
        self.value = value
    }
}
