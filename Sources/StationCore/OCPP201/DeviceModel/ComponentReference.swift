// How the OCPP 2.0.1 device model names things: a component (optionally an instance, on an EVSE
// or a connector) and a variable of it (optionally an instance). Plain values, no wire types.

/// A component of the device model, such as `OCPPCommCtrlr`, or `Connector` on EVSE 1 connector 1.
public struct ComponentReference: Hashable, Sendable, CustomStringConvertible {
    /// The component's name (`ChargingStation`, `EVSE`, `TxCtrlr`, ...).
    public var name: String
    /// The instance, when a component exists more than once with the same name.
    public var instance: String?
    /// The EVSE the component belongs to, if any.
    public var evseId: Int?
    /// The connector of that EVSE the component belongs to, if any.
    public var connectorId: Int?

    /// Creates a reference.
    public init(name: String, instance: String? = nil, evseId: Int? = nil, connectorId: Int? = nil) {
        self.name = name
        self.instance = instance
        self.evseId = evseId
        self.connectorId = connectorId
    }

    public var description: String {
        var text = name
        if let instance { text += "[\(instance)]" }
        if let evseId { text += "@EVSE\(evseId)" }
        if let connectorId { text += "/\(connectorId)" }
        return text
    }
}

/// A variable of a component, such as `HeartbeatInterval`, or `MessageAttempts` instance
/// `TransactionEvent`.
public struct VariableReference: Hashable, Sendable, CustomStringConvertible {
    /// The variable's name.
    public var name: String
    /// The instance, when a component holds the variable more than once.
    public var instance: String?

    /// Creates a reference.
    public init(name: String, instance: String? = nil) {
        self.name = name
        self.instance = instance
    }

    public var description: String { instance.map { "\(name)[\($0)]" } ?? name }
}

/// One variable of one component: the key of the device model.
public struct VariableKey: Hashable, Sendable, CustomStringConvertible {
    /// The component.
    public var component: ComponentReference
    /// The variable.
    public var variable: VariableReference

    /// Creates the key.
    public init(_ component: ComponentReference, _ variable: VariableReference) {
        self.component = component
        self.variable = variable
    }

    public var description: String { "\(component).\(variable)" }
}
