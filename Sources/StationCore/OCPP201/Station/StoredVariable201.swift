// A device model value as the store keeps it (the `ocpp201Variables` document): the component,
// the variable, the attribute and the value, as plain Codable fields.

/// One persisted device model value. Codable form of `StoredVariableValue`.
struct StoredVariable201: Codable, Sendable {
    var component: String
    var componentInstance: String?
    var evseId: Int?
    var connectorId: Int?
    var variable: String
    var variableInstance: String?
    var attribute: String
    var value: String

    init(_ stored: StoredVariableValue) {
        component = stored.key.component.name
        componentInstance = stored.key.component.instance
        evseId = stored.key.component.evseId
        connectorId = stored.key.component.connectorId
        variable = stored.key.variable.name
        variableInstance = stored.key.variable.instance
        attribute = stored.attribute.rawValue
        self.value = stored.value
    }

    /// The value as the device model takes it back (an unknown attribute reads as Actual).
    var value201: StoredVariableValue {
        StoredVariableValue(
            key: VariableKey(
                ComponentReference(name: component, instance: componentInstance, evseId: evseId, connectorId: connectorId),
                VariableReference(name: variable, instance: variableInstance)
            ),
            attribute: AttributeKind(rawValue: attribute) ?? .actual, value: value
        )
    }
}
