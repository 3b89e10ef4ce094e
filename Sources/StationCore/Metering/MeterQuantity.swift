// The quantities a connector's meter can report, apart from any OCPP version: what each OCPP
// measurand reads from a `MeterReading`, in which unit and at which location.

public import StationHAL

/// One quantity of a meter reading. Both OCPP adapters map their measurands onto these, so that
/// what the hardware measures is read in one place.
public enum MeterQuantity: Sendable, Equatable, CaseIterable {
    /// The active energy import register, Wh.
    case energyActiveImportRegister
    /// The active power delivered, W.
    case powerActiveImport
    /// The current delivered, A.
    case currentImport
    /// The output voltage, V.
    case voltage
    /// The power the station offers (its limit), W.
    case powerOffered
    /// The current the station offers, A.
    case currentOffered
    /// The EV's state of charge, percent.
    case stateOfCharge
    /// The temperature at the connector, °C.
    case temperature

    /// The quantity's value in `reading`, or nil when the hardware does not measure it.
    public func value(in reading: MeterReading) -> Double? {
        switch self {
        case .energyActiveImportRegister: reading.energyActiveImportWh
        case .powerActiveImport: reading.powerActiveImportW
        case .currentImport: reading.currentImportA
        case .voltage: reading.voltageV
        case .powerOffered: reading.powerOfferedW
        case .currentOffered: reading.currentOfferedA
        case .stateOfCharge: reading.stateOfChargePercent
        case .temperature: reading.temperatureCelsius
        }
    }

    /// The unit as OCPP writes it (the same text in 1.6 and 2.0.1).
    public var unitName: String {
        switch self {
        case .energyActiveImportRegister: "Wh"
        case .powerActiveImport, .powerOffered: "W"
        case .currentImport, .currentOffered: "A"
        case .voltage: "V"
        case .stateOfCharge: "Percent"
        case .temperature: "Celsius"
        }
    }

    /// Where the quantity is measured, as OCPP writes it: the EV for its state of charge, the
    /// station's body for its temperature, the outlet for the rest.
    public var locationName: String {
        switch self {
        case .stateOfCharge: "EV"
        case .temperature: "Body"
        default: "Outlet"
        }
    }
}
