// The unit of a sampled value.

/// The unit of a sampled value (OCPP 1.6 UnitOfMeasure); Wh when absent for energy.
/// `hertz` is allowed in MeterValues but not in StopTransaction's transactionData (the official
/// schemas differ there), which `StopTransaction.Request` enforces.
public enum UnitOfMeasure: String, OCPPEnum {
    case wh = "Wh"
    case kWh = "kWh"
    case varh = "varh"
    case kvarh = "kvarh"
    case w = "W"
    case kW = "kW"
    case va = "VA"
    case kVA = "kVA"
    case `var` = "var"
    case kvar = "kvar"
    case a = "A"
    case v = "V"
    case k = "K"
    /// The specification's misspelling, kept for compatibility.
    case celcius = "Celcius"
    case celsius = "Celsius"
    case fahrenheit = "Fahrenheit"
    case percent = "Percent"
    case hertz = "Hertz"
}
