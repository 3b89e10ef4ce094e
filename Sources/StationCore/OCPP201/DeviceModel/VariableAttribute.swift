// The attributes a device model variable has (Actual, Target, MinSet, MaxSet) and the facts kept
// about each: its value, whether it can be read or written, and whether it survives a reboot.

/// Which attribute of a variable (OCPP 2.0.1 AttributeEnumType).
public enum AttributeKind: String, Sendable, CaseIterable, Hashable {
    /// The value in use.
    case actual = "Actual"
    /// The value aimed for.
    case target = "Target"
    /// The lowest value that may be set.
    case minSet = "MinSet"
    /// The highest value that may be set.
    case maxSet = "MaxSet"
}

/// Whether an attribute can be read and written through GetVariables and SetVariables
/// (OCPP 2.0.1 MutabilityEnumType).
public enum Mutability: String, Sendable, CaseIterable, Hashable {
    case readOnly = "ReadOnly"
    /// Can be set but never read back (secrets such as BasicAuthPassword).
    case writeOnly = "WriteOnly"
    case readWrite = "ReadWrite"
}

/// One attribute of a variable.
public struct AttributeValue: Hashable, Sendable {
    /// The value as the device model writes it (absent: not set yet).
    public var value: String?
    /// Who may read or write it.
    public var mutability: Mutability
    /// Whether the value survives a reboot (the owner stores it when it changes).
    public var persistent: Bool
    /// Whether the value never changes at run time (a constant is never written by SetVariables).
    public var constant: Bool

    /// Creates the attribute.
    public init(value: String?, mutability: Mutability, persistent: Bool = false, constant: Bool = false) {
        self.value = value
        self.mutability = mutability
        self.persistent = persistent
        self.constant = constant
    }
}
