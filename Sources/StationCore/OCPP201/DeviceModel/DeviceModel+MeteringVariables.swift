// The device-model variables of meter values (J) and smart charging (K) that the standard model
// lacks, and the typed reading of both blocks' settings, so the station never handles their
// names as strings.

import OCPP201

extension ComponentReference {
    /// The SmartChargingCtrlr component.
    public static let smartChargingCtrlr = ComponentReference(name: "SmartChargingCtrlr")
}

extension DeviceModel {
    /// The most charging profiles installed at once (SmartChargingCtrlr.Entries maxLimit).
    public static let maximumChargingProfiles = 32
    /// The most periods in one charging schedule (SmartChargingCtrlr.PeriodsPerSchedule).
    public static let periodsPerSchedule = 48
    /// The highest stackLevel accepted (SmartChargingCtrlr.ProfileStackLevel).
    public static let profileStackLevel = 10

    /// SampledDataCtrlr's and AlignedDataCtrlr's Enabled, Available, RegisterValuesWithoutPhases
    /// and SendDuringIdle, and the SmartChargingCtrlr component.
    ///
    /// Choices: both data controllers are enabled; RegisterValuesWithoutPhases is true (this DC
    /// station's meter has no phases, so registers never carry one); SendDuringIdle is false
    /// (clock-aligned values are sent during transactions too); LimitChangeSignificance is 10 %;
    /// ExternalControlSignalsEnabled is false and read-only (the station has no external
    /// control input).
    static func meteringAndSmartChargingVariables() -> [DeviceVariable] {
        func rw(_ component: ComponentReference, _ name: String, _ kind: VariableCharacteristics, _ value: String) -> DeviceVariable {
            DeviceVariable(component, name, kind, value: value, mutability: .readWrite, persistent: true)
        }
        func ro(_ component: ComponentReference, _ name: String, instance: String? = nil, _ kind: VariableCharacteristics, _ value: String) -> DeviceVariable {
            DeviceVariable(component, name, instance: instance, kind, value: value, mutability: .readOnly, constant: true)
        }
        let sampled = ComponentReference.sampledDataCtrlr, aligned = ComponentReference.alignedDataCtrlr
        let smart = ComponentReference.smartChargingCtrlr
        return [
            rw(sampled, "Enabled", .boolean, "true"),
            ro(sampled, "Available", .boolean, "true"),
            rw(sampled, "RegisterValuesWithoutPhases", .boolean, "true"),
            rw(aligned, "Enabled", .boolean, "true"),
            ro(aligned, "Available", .boolean, "true"),
            rw(aligned, "SendDuringIdle", .boolean, "false"),
            rw(smart, "Enabled", .boolean, "true"),
            ro(smart, "Available", .boolean, "true"),
            DeviceVariable(
                smart, "Entries", instance: "ChargingProfiles", .integer(min: 0, max: Double(maximumChargingProfiles)), value: "0", mutability: .readOnly
            ),
            rw(smart, "LimitChangeSignificance", VariableCharacteristics(dataType: .decimal, unit: "Percent", minLimit: 0, maxLimit: 100), "10"),
            ro(smart, "PeriodsPerSchedule", .integer(min: 1), String(periodsPerSchedule)),
            ro(smart, "ProfileStackLevel", .integer(min: 0), String(profileStackLevel)),
            ro(smart, "RateUnit", .list(.memberList, ["A", "W"]), "A,W"),
            ro(smart, "ExternalControlSignalsEnabled", .boolean, "false"),
        ]
    }

    /// The measurands of a SampledDataCtrlr or AlignedDataCtrlr list variable (unknown names
    /// left out).
    func measurands(_ component: ComponentReference, _ name: String) -> [Measurand] {
        (value(VariableKey(component, VariableReference(name: name))) ?? "")
            .split(separator: ",")
            .compactMap { Measurand(rawValue: String($0)) }
    }

    /// A controller's boolean variable; `fallback` when it is missing.
    func flag(_ component: ComponentReference, _ name: String, default fallback: Bool) -> Bool {
        boolean(VariableKey(component, VariableReference(name: name))) ?? fallback
    }

    /// A controller's interval variable in seconds (0: off).
    func seconds(_ component: ComponentReference, _ name: String) -> Int {
        max(0, integer(VariableKey(component, VariableReference(name: name))) ?? 0)
    }

    /// SmartChargingCtrlr.LimitChangeSignificance, percent.
    var limitChangeSignificance: Double {
        value(VariableKey(.smartChargingCtrlr, VariableReference(name: "LimitChangeSignificance"))).flatMap(Double.init) ?? 10
    }
}
