// Meter readings: a timestamped set of sampled values (MeterValues, StopTransaction's
// transactionData).

/// Readings taken at one instant (OCPP 1.6 MeterValue).
public struct MeterValue: OCPPPayload, Hashable {
    /// When the values were sampled.
    public var timestamp: Timestamp
    /// The values (at least one in MeterValues.req).
    public var sampledValue: [SampledValue]

    /// Creates the readings.
    public init(timestamp: Timestamp, sampledValue: [SampledValue]) {
        self.timestamp = timestamp
        self.sampledValue = sampledValue
    }
}

/// One measured value with what, where and why it was measured (OCPP 1.6 SampledValue).
/// Absent optional fields mean the specification's defaults: context Sample.Periodic, format
/// Raw, measurand Energy.Active.Import.Register, location Outlet, unit Wh.
public struct SampledValue: OCPPPayload, Hashable {
    /// The value, as a decimal number in text (or signed data when `format` is SignedData).
    public var value: String
    /// Why the value was sampled.
    public var context: ReadingContext?
    /// Raw or signed data.
    public var format: ValueFormat?
    /// What was measured.
    public var measurand: Measurand?
    /// The phase, when the value is per phase.
    public var phase: Phase?
    /// Where it was measured.
    public var location: Location?
    /// The unit of the value.
    public var unit: UnitOfMeasure?

    /// Creates a sampled value.
    public init(
        value: String, context: ReadingContext? = nil, format: ValueFormat? = nil, measurand: Measurand? = nil,
        phase: Phase? = nil, location: Location? = nil, unit: UnitOfMeasure? = nil
    ) {
        self.value = value
        self.context = context
        self.format = format
        self.measurand = measurand
        self.phase = phase
        self.location = location
        self.unit = unit
    }
}
