// Turning a meter reading into OCPP sampled values, and the clock-aligned sampling schedule.
// Pure functions: values the hardware cannot measure are left out, never invented.

public import OCPP
public import StationHAL

/// Sampled values from meter readings. Stateless.
public enum MeterSampling {
    /// The measurands a DC connector can report when its hardware measures them.
    public static let dcMeasurands: Set<Measurand> = [
        .energyActiveImportRegister, .powerActiveImport, .currentImport, .voltage, .soc, .powerOffered, .currentOffered, .temperature,
    ]

    /// The sampled values of `measurands` in `reading`, with `context`. A measurand the reading
    /// lacks is left out.
    public static func sampledValues(_ reading: MeterReading, measurands: [Measurand], context: ReadingContext) -> [SampledValue] {
        measurands.compactMap { measurand in
            guard let quantity = quantity(of: measurand), let value = quantity.value(in: reading) else { return nil }
            let unit: UnitOfMeasure
            var location: Location = .outlet
            switch quantity {
            case .energyActiveImportRegister: unit = .wh
            case .powerActiveImport, .powerOffered: unit = .w
            case .currentImport, .currentOffered: unit = .a
            case .voltage: unit = .v
            case .stateOfCharge: unit = .percent; location = .ev
            case .temperature: unit = .celsius; location = .body
            }
            return SampledValue(value: format(value), context: context, measurand: measurand, location: location, unit: unit)
        }
    }

    /// The meter quantity a 1.6 measurand reads, or nil when the hardware has none for it.
    public static func quantity(of measurand: Measurand) -> MeterQuantity? {
        switch measurand {
        case .energyActiveImportRegister: .energyActiveImportRegister
        case .powerActiveImport: .powerActiveImport
        case .currentImport: .currentImport
        case .voltage: .voltage
        case .powerOffered: .powerOffered
        case .currentOffered: .currentOffered
        case .soc: .stateOfCharge
        case .temperature: .temperature
        default: nil
        }
    }

    /// A meter value as text with at most one decimal (`1532`, `1532.5`).
    public static func format(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// The whole Wh of the energy register, as StartTransaction and StopTransaction carry it:
    /// rounded to the nearest Wh (halves away from zero), as `format` rounds to 0.1 Wh.
    public static func wattHours(_ reading: MeterReading) -> Int {
        Int(reading.energyActiveImportWh.rounded())
    }

    /// The reading a transaction begins or ends at, with the energy register at whole Wh
    /// (`wattHours`). meterStart and meterStop are integers, so the Transaction.Begin and
    /// Transaction.End samples are taken from this same reading: the central system sees one
    /// number (meterStop 1111 and a Transaction.End sample "1111", never "1110.6").
    public static func transactionBoundary(_ reading: MeterReading) -> MeterReading {
        var boundary = reading
        boundary.energyActiveImportWh = Double(wattHours(reading))
        return boundary
    }

    /// The next clock-aligned sampling instant strictly after `now` (milliseconds since the epoch,
    /// UTC): multiples of `interval` seconds counted from each midnight UTC, midnight included.
    public static func nextAlignedSample(after now: Timestamp, interval: Int) -> Timestamp {
        precondition(interval > 0)
        let day: Int64 = 86_400_000
        let milliseconds = now.millisecondsSince1970
        let midnight = milliseconds - (((milliseconds % day) + day) % day)
        let step = Int64(interval) * 1000
        let sinceMidnight = milliseconds - midnight
        let next = midnight + (sinceMidnight / step + 1) * step
        return Timestamp(millisecondsSince1970: min(next, midnight + day))
    }
}
