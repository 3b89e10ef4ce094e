// The device model of a Core charging station: the components and variables OCPP 2.0.1 Part 2
// marks required, with the defaults, mutability and persistence this station gives them.

/// What the standard device model needs to know about the station.
public struct StationDeviceDescription: Sendable {
    /// The station's vendor (ChargingStation.VendorName).
    public var vendorName: String
    /// The station's model (ChargingStation.Model).
    public var model: String
    /// The number of connectors of each EVSE, EVSE 1 first.
    public var connectorsPerEVSE: [Int]
    /// The highest power of one EVSE, in W.
    public var evseMaximumPowerW: Double
    /// The number of phases the station is supplied with (0 for DC-only descriptions of a DC charger).
    public var supplyPhases: Int
    /// The connector type of every connector (OCPP 2.0.1 ConnectorEnumType text, such as `cCCS2`).
    public var connectorType: String

    /// Creates the description.
    public init(vendorName: String, model: String, connectorsPerEVSE: [Int], evseMaximumPowerW: Double, supplyPhases: Int, connectorType: String) {
        self.vendorName = vendorName
        self.model = model
        self.connectorsPerEVSE = connectorsPerEVSE
        self.evseMaximumPowerW = evseMaximumPowerW
        self.supplyPhases = supplyPhases
        self.connectorType = connectorType
    }
}

extension VariableCharacteristics {
    static let boolean = VariableCharacteristics(dataType: .boolean)
    static func integer(unit: String? = nil, min: Double? = nil, max: Double? = nil) -> VariableCharacteristics {
        VariableCharacteristics(dataType: .integer, unit: unit, minLimit: min, maxLimit: max)
    }
    static func string(maxLength: Double? = nil) -> VariableCharacteristics { VariableCharacteristics(dataType: .string, maxLimit: maxLength) }
    static func list(_ type: VariableDataType, _ values: [String]) -> VariableCharacteristics { VariableCharacteristics(dataType: type, valuesList: values) }
}

extension DeviceModel {
    /// The measurands a station may sample (SampledDataCtrlr and AlignedDataCtrlr lists).
    public static let measurands = [
        "Current.Import", "Current.Offered", "Energy.Active.Import.Register", "Power.Active.Import", "Power.Offered", "SoC", "Voltage",
    ]

    /// The points a transaction can start or stop at (TxStartPoint and TxStopPoint lists).
    public static let transactionPoints = TransactionPoint.allCases.map(\.rawValue)

    /// The device model of a Core station described by `station`.
    ///
    /// Choices where the specification leaves one: TxStartPoint is `PowerPathClosed` and
    /// TxStopPoint `EVConnected,Authorized` (a session is a transaction from charging on, and ends
    /// when the cable is unplugged or the card presented again); every writable controller variable is
    /// persistent; availability variables are read-only, the station updates them.
    public static func standard(_ station: StationDeviceDescription) -> DeviceModel {
        var model = DeviceModel(controllerVariables())
        for variable in meteringAndSmartChargingVariables() { model.add(variable) }
        let cs = ComponentReference.chargingStation
        model.add(DeviceVariable(cs, "AvailabilityState", .list(.optionList, availabilityStates), value: "Available", mutability: .readOnly))
        model.add(DeviceVariable(cs, "Available", .boolean, value: "true", mutability: .readOnly, constant: true))
        model.add(DeviceVariable(cs, "SupplyPhases", .integer(min: 0, max: 3), value: String(station.supplyPhases), mutability: .readOnly, constant: true))
        model.add(DeviceVariable(cs, "Model", .string(maxLength: 20), value: station.model, mutability: .readOnly, constant: true))
        model.add(DeviceVariable(cs, "VendorName", .string(maxLength: 50), value: station.vendorName, mutability: .readOnly, constant: true))
        model.add(DeviceVariable(cs, "AllowNewSessionsPendingFirmwareUpdate", .boolean, value: "false", mutability: .readWrite, persistent: true))
        for (offset, connectors) in station.connectorsPerEVSE.enumerated() {
            let evseId = offset + 1
            let evse = ComponentReference.evse(evseId)
            model.add(DeviceVariable(evse, "AvailabilityState", .list(.optionList, availabilityStates), value: "Available", mutability: .readOnly))
            model.add(DeviceVariable(evse, "Available", .boolean, value: "true", mutability: .readOnly, constant: true))
            model.add(DeviceVariable(
                key: VariableKey(evse, VariableReference(name: "Power")),
                characteristics: VariableCharacteristics(dataType: .decimal, unit: "W", minLimit: 0, maxLimit: station.evseMaximumPowerW),
                attributes: [.actual: AttributeValue(value: "0", mutability: .readOnly),
                             .maxSet: AttributeValue(value: String(Int(station.evseMaximumPowerW)), mutability: .readOnly, constant: true)]
            ))
            model.add(DeviceVariable(evse, "SupplyPhases", .integer(min: 0, max: 3), value: String(station.supplyPhases), mutability: .readOnly, constant: true))
            for connectorId in 1...max(1, connectors) {
                let connector = ComponentReference.connector(evse: evseId, connectorId)
                model.add(DeviceVariable(connector, "AvailabilityState", .list(.optionList, availabilityStates), value: "Available", mutability: .readOnly))
                model.add(DeviceVariable(connector, "Available", .boolean, value: "true", mutability: .readOnly, constant: true))
                model.add(DeviceVariable(connector, "ConnectorType", .string(maxLength: 20), value: station.connectorType, mutability: .readOnly, constant: true))
                model.add(DeviceVariable(connector, "SupplyPhases", .integer(min: 0, max: 3), value: String(station.supplyPhases), mutability: .readOnly, constant: true))
            }
        }
        model.addAuthorizationVariables()
        return model
    }

    /// The values of AvailabilityState (OCPP 2.0.1 ConnectorStatusEnumType).
    public static let availabilityStates = ["Available", "Occupied", "Reserved", "Unavailable", "Faulted"]

    private static func controllerVariables() -> [DeviceVariable] {
        func rw(_ component: ComponentReference, _ name: String, instance: String? = nil, _ kind: VariableCharacteristics, _ value: String, reboot: Bool = false) -> DeviceVariable {
            DeviceVariable(component, name, instance: instance, kind, value: value, mutability: .readWrite, persistent: true, rebootRequired: reboot)
        }
        func ro(_ component: ComponentReference, _ name: String, instance: String? = nil, _ kind: VariableCharacteristics, _ value: String) -> DeviceVariable {
            DeviceVariable(component, name, instance: instance, kind, value: value, mutability: .readOnly, constant: true)
        }
        let comm = ComponentReference.ocppCommCtrlr, data = ComponentReference.deviceDataCtrlr, tx = ComponentReference.txCtrlr
        let sampled = ComponentReference.sampledDataCtrlr, aligned = ComponentReference.alignedDataCtrlr
        let auth = ComponentReference.authCtrlr, cache = ComponentReference.authCacheCtrlr, list = ComponentReference.localAuthListCtrlr
        let security = ComponentReference.securityCtrlr, clock = ComponentReference.clockCtrlr
        let seconds = VariableCharacteristics.integer(unit: "s", min: 0)
        let measurands = VariableCharacteristics.list(.memberList, Self.measurands)
        return [
            rw(comm, "HeartbeatInterval", seconds, "300"),
            rw(comm, "MessageTimeout", instance: "Default", .integer(unit: "s", min: 1), "30"),
            rw(comm, "FileTransferProtocols", .list(.memberList, ["FTP", "FTPS", "HTTP", "HTTPS"]), "FTP,HTTP,HTTPS"),
            rw(comm, "NetworkConfigurationPriority", .list(.sequenceList, ["0", "1", "2"]), "0"),
            rw(comm, "NetworkProfileConnectionAttempts", .integer(min: 1), "3"),
            rw(comm, "OfflineThreshold", seconds, "60"),
            rw(comm, "MessageAttempts", instance: "TransactionEvent", .integer(min: 0), "5"),
            rw(comm, "MessageAttemptInterval", instance: "TransactionEvent", seconds, "30"),
            rw(comm, "UnlockOnEVSideDisconnect", .boolean, "true"),
            rw(comm, "ResetRetries", .integer(min: 0), "2"),
            rw(comm, "RetryBackOffRepeatTimes", .integer(min: 0), "5"),
            rw(comm, "RetryBackOffRandomRange", seconds, "10"),
            rw(comm, "RetryBackOffWaitMinimum", seconds, "5"),
            rw(comm, "WebSocketPingInterval", seconds, "30"),
            ro(data, "ItemsPerMessage", instance: "GetReport", .integer(min: 1), "100"),
            ro(data, "ItemsPerMessage", instance: "GetVariables", .integer(min: 1), "50"),
            ro(data, "ItemsPerMessage", instance: "SetVariables", .integer(min: 1), "50"),
            ro(data, "BytesPerMessage", instance: "GetReport", .integer(min: 1), "65000"),
            ro(data, "BytesPerMessage", instance: "GetVariables", .integer(min: 1), "65000"),
            ro(data, "BytesPerMessage", instance: "SetVariables", .integer(min: 1), "65000"),
            ro(data, "ConfigurationValueSize", .integer(min: 1, max: 1000), "1000"),
            ro(data, "ReportingValueSize", .integer(min: 1, max: 2500), "2500"),
            rw(tx, "EVConnectionTimeOut", seconds, "60"),
            rw(tx, "StopTxOnEVSideDisconnect", .boolean, "true"),
            rw(tx, "StopTxOnInvalidId", .boolean, "true"),
            rw(tx, "TxStartPoint", .list(.memberList, transactionPoints), "PowerPathClosed"),
            rw(tx, "TxStopPoint", .list(.memberList, transactionPoints), "EVConnected,Authorized"),
            rw(sampled, "TxStartedMeasurands", measurands, "Energy.Active.Import.Register"),
            rw(sampled, "TxUpdatedMeasurands", measurands, "Energy.Active.Import.Register,Power.Active.Import"),
            rw(sampled, "TxUpdatedInterval", seconds, "60"),
            rw(sampled, "TxEndedMeasurands", measurands, "Energy.Active.Import.Register"),
            rw(sampled, "TxEndedInterval", seconds, "0"),
            rw(aligned, "Measurands", measurands, "Energy.Active.Import.Register"),
            rw(aligned, "Interval", seconds, "900"),
            rw(aligned, "TxEndedMeasurands", measurands, "Energy.Active.Import.Register"),
            rw(aligned, "TxEndedInterval", seconds, "900"),
            rw(auth, "AuthorizeRemoteStart", .boolean, "true"),
            rw(auth, "LocalAuthorizeOffline", .boolean, "true"),
            rw(auth, "LocalPreAuthorize", .boolean, "true"),
            rw(auth, "OfflineTxForUnknownIdEnabled", .boolean, "false"),
            rw(cache, "Enabled", .boolean, "true"),
            rw(cache, "LifeTime", seconds, "86400"),
            ro(cache, "Storage", .integer(unit: "B", min: 0), "1048576"),
            rw(list, "Enabled", .boolean, "true"),
            ro(list, "Entries", .integer(min: 0), "0"),
            ro(list, "ItemsPerMessage", .integer(min: 1), "100"),
            ro(list, "BytesPerMessage", .integer(min: 1), "65000"),
            ro(list, "Storage", .integer(unit: "B", min: 0), "1048576"),
            rw(security, "OrganizationName", .string(maxLength: 64), "ChargeStation"),
            ro(security, "CertificateEntries", .integer(min: 0), "0"),
            DeviceVariable(security, "SecurityProfile", .integer(min: 0, max: 3), value: "1", mutability: .readOnly, persistent: true),
            DeviceVariable(security, "BasicAuthPassword", .string(maxLength: 40), value: nil, mutability: .writeOnly, persistent: true),
            DeviceVariable(clock, "DateTime", VariableCharacteristics(dataType: .dateTime), value: nil, mutability: .readOnly),
            rw(clock, "TimeSource", .list(.sequenceList, ["Heartbeat", "NTP", "GPS", "RealTimeClock", "MobileNetwork", "RadioTimeTransmitter"]), "Heartbeat"),
        ]
    }
}
