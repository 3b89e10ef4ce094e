// Turning a meter reading into OCPP 2.0.1 sampled values, on the version-neutral MeterQuantity
// the 1.6 sampling uses too. Pure functions: what the hardware does not measure is left out.

import OCPP201
import StationHAL
import struct OCPP.BoundedString
import struct OCPP.Timestamp

/// 2.0.1 sampled values from meter readings. Stateless.
enum MeterSampling201 {
    /// The meter quantity a 2.0.1 measurand reads, or nil when the hardware has none for it.
    static func quantity(of measurand: Measurand) -> MeterQuantity? {
        switch measurand {
        case .energyActiveImportRegister: .energyActiveImportRegister
        case .powerActiveImport: .powerActiveImport
        case .currentImport: .currentImport
        case .voltage: .voltage
        case .powerOffered: .powerOffered
        case .currentOffered: .currentOffered
        case .soC: .stateOfCharge
        default: nil
        }
    }

    /// The sampled values of `measurands` in `reading` with `context`, rounded to 0.1, each
    /// with its unit and location. This DC station's meter has no phases, so no value carries
    /// one (RegisterValuesWithoutPhases holds either way).
    static func sampledValues(_ reading: MeterReading, measurands: [Measurand], context: ReadingContext) -> [SampledValue] {
        measurands.compactMap { measurand in
            guard let quantity = quantity(of: measurand), let value = quantity.value(in: reading) else { return nil }
            return SampledValue(
                value: (value * 10).rounded() / 10, context: context, measurand: measurand, location: Location(rawValue: quantity.locationName),
                unitOfMeasure: UnitOfMeasure(unit: try? BoundedString<20>(quantity.unitName))
            )
        }
    }

    /// One MeterValue of `measurands` at `timestamp`, or nil when none of them is measured.
    static func meterValue(_ reading: MeterReading, measurands: [Measurand], context: ReadingContext, at timestamp: Timestamp) -> MeterValue? {
        let values = sampledValues(reading, measurands: measurands, context: context)
        return values.isEmpty ? nil : MeterValue(sampledValue: values, timestamp: timestamp)
    }
}
