// What a sampled value measures.

/// The quantity of a sampled value (OCPP 1.6 Measurand); Energy.Active.Import.Register when absent.
public enum Measurand: String, OCPPEnum {
    case energyActiveExportRegister = "Energy.Active.Export.Register"
    case energyActiveImportRegister = "Energy.Active.Import.Register"
    case energyReactiveExportRegister = "Energy.Reactive.Export.Register"
    case energyReactiveImportRegister = "Energy.Reactive.Import.Register"
    case energyActiveExportInterval = "Energy.Active.Export.Interval"
    case energyActiveImportInterval = "Energy.Active.Import.Interval"
    case energyReactiveExportInterval = "Energy.Reactive.Export.Interval"
    case energyReactiveImportInterval = "Energy.Reactive.Import.Interval"
    case powerActiveExport = "Power.Active.Export"
    case powerActiveImport = "Power.Active.Import"
    case powerOffered = "Power.Offered"
    case powerReactiveExport = "Power.Reactive.Export"
    case powerReactiveImport = "Power.Reactive.Import"
    case powerFactor = "Power.Factor"
    case currentImport = "Current.Import"
    case currentExport = "Current.Export"
    case currentOffered = "Current.Offered"
    case voltage = "Voltage"
    case frequency = "Frequency"
    case temperature = "Temperature"
    case soc = "SoC"
    case rpm = "RPM"
}
