// The names of the standard components and variables of OCPP 2.0.1 Part 2 that the station uses,
// as typed constants, so services never pass raw component or variable strings around.

extension ComponentReference {
    /// The AlignedDataCtrlr component.
    public static let alignedDataCtrlr = ComponentReference(name: "AlignedDataCtrlr")
    /// The AuthCacheCtrlr component.
    public static let authCacheCtrlr = ComponentReference(name: "AuthCacheCtrlr")
    /// The AuthCtrlr component.
    public static let authCtrlr = ComponentReference(name: "AuthCtrlr")
    /// The ChargingStation component.
    public static let chargingStation = ComponentReference(name: "ChargingStation")
    /// The ClockCtrlr component.
    public static let clockCtrlr = ComponentReference(name: "ClockCtrlr")
    /// The DeviceDataCtrlr component.
    public static let deviceDataCtrlr = ComponentReference(name: "DeviceDataCtrlr")
    /// The LocalAuthListCtrlr component.
    public static let localAuthListCtrlr = ComponentReference(name: "LocalAuthListCtrlr")
    /// The OCPPCommCtrlr component.
    public static let ocppCommCtrlr = ComponentReference(name: "OCPPCommCtrlr")
    /// The SampledDataCtrlr component.
    public static let sampledDataCtrlr = ComponentReference(name: "SampledDataCtrlr")
    /// The SecurityCtrlr component.
    public static let securityCtrlr = ComponentReference(name: "SecurityCtrlr")
    /// The TxCtrlr component.
    public static let txCtrlr = ComponentReference(name: "TxCtrlr")

    /// The EVSE component of EVSE `id`.
    public static func evse(_ id: Int) -> ComponentReference { ComponentReference(name: "EVSE", evseId: id) }

    /// The Connector component of connector `connectorId` on EVSE `evseId`.
    public static func connector(evse evseId: Int, _ connectorId: Int) -> ComponentReference {
        ComponentReference(name: "Connector", evseId: evseId, connectorId: connectorId)
    }
}

extension VariableKey {
    /// OCPPCommCtrlr.HeartbeatInterval.
    public static let heartbeatInterval = VariableKey(.ocppCommCtrlr, VariableReference(name: "HeartbeatInterval"))
    /// OCPPCommCtrlr.MessageTimeout (instance Default).
    public static let messageTimeout = VariableKey(.ocppCommCtrlr, VariableReference(name: "MessageTimeout", instance: "Default"))
    /// OCPPCommCtrlr.OfflineThreshold.
    public static let offlineThreshold = VariableKey(.ocppCommCtrlr, VariableReference(name: "OfflineThreshold"))
    /// OCPPCommCtrlr.MessageAttempts (instance TransactionEvent).
    public static let transactionMessageAttempts = VariableKey(.ocppCommCtrlr, VariableReference(name: "MessageAttempts", instance: "TransactionEvent"))
    /// OCPPCommCtrlr.MessageAttemptInterval (instance TransactionEvent).
    public static let transactionMessageAttemptInterval = VariableKey(
        .ocppCommCtrlr, VariableReference(name: "MessageAttemptInterval", instance: "TransactionEvent")
    )
    /// DeviceDataCtrlr.ItemsPerMessage (instance GetReport).
    public static let itemsPerMessageGetReport = VariableKey(.deviceDataCtrlr, VariableReference(name: "ItemsPerMessage", instance: "GetReport"))
    /// DeviceDataCtrlr.ItemsPerMessage (instance GetVariables).
    public static let itemsPerMessageGetVariables = VariableKey(.deviceDataCtrlr, VariableReference(name: "ItemsPerMessage", instance: "GetVariables"))
    /// DeviceDataCtrlr.ItemsPerMessage (instance SetVariables).
    public static let itemsPerMessageSetVariables = VariableKey(.deviceDataCtrlr, VariableReference(name: "ItemsPerMessage", instance: "SetVariables"))
    /// DeviceDataCtrlr.BytesPerMessage (instance GetReport).
    public static let bytesPerMessageGetReport = VariableKey(.deviceDataCtrlr, VariableReference(name: "BytesPerMessage", instance: "GetReport"))
    /// DeviceDataCtrlr.BytesPerMessage (instance GetVariables).
    public static let bytesPerMessageGetVariables = VariableKey(.deviceDataCtrlr, VariableReference(name: "BytesPerMessage", instance: "GetVariables"))
    /// DeviceDataCtrlr.BytesPerMessage (instance SetVariables).
    public static let bytesPerMessageSetVariables = VariableKey(.deviceDataCtrlr, VariableReference(name: "BytesPerMessage", instance: "SetVariables"))
    /// DeviceDataCtrlr.ConfigurationValueSize.
    public static let configurationValueSize = VariableKey(.deviceDataCtrlr, VariableReference(name: "ConfigurationValueSize"))
    /// DeviceDataCtrlr.ReportingValueSize.
    public static let reportingValueSize = VariableKey(.deviceDataCtrlr, VariableReference(name: "ReportingValueSize"))
    /// TxCtrlr.TxStartPoint.
    public static let txStartPoint = VariableKey(.txCtrlr, VariableReference(name: "TxStartPoint"))
    /// TxCtrlr.TxStopPoint.
    public static let txStopPoint = VariableKey(.txCtrlr, VariableReference(name: "TxStopPoint"))
    /// ChargingStation.AllowNewSessionsPendingFirmwareUpdate.
    public static let allowNewSessionsPendingFirmwareUpdate = VariableKey(.chargingStation, VariableReference(name: "AllowNewSessionsPendingFirmwareUpdate"))
    /// SecurityCtrlr.SecurityProfile.
    public static let securityProfile = VariableKey(.securityCtrlr, VariableReference(name: "SecurityProfile"))
    /// SecurityCtrlr.BasicAuthPassword.
    public static let basicAuthPassword = VariableKey(.securityCtrlr, VariableReference(name: "BasicAuthPassword"))

    /// The AvailabilityState of a component (ChargingStation, an EVSE or a connector).
    public static func availabilityState(_ component: ComponentReference) -> VariableKey {
        VariableKey(component, VariableReference(name: "AvailabilityState"))
    }
}
