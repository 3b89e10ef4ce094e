// The devices that make up one connector, as the board (or the simulation) provides them.

/// One connector's devices.
public struct ConnectorDevices: Sendable {
    /// Vehicle-connected sense.
    public var plugSensor: any PlugSensor
    /// The socket outlet's lock; nil for a fixed cable.
    public var lock: (any ConnectorLock)?
    /// The DC output contactor.
    public var contactor: any Contactor
    /// The DC power module feeding this connector.
    public var powerModule: any PowerModule
    /// The connector's energy meter.
    public var meter: any EnergyMeter
    /// The link to the EV, when the hardware has one the station can read.
    public var vehicle: (any EVCommunication)?
    /// The connector's lamps, if any.
    public var indicator: (any StatusIndicator)?

    /// Creates the set; a nil `lock` means a fixed cable.
    public init(
        plugSensor: any PlugSensor, lock: (any ConnectorLock)?, contactor: any Contactor, powerModule: any PowerModule,
        meter: any EnergyMeter, vehicle: (any EVCommunication)? = nil, indicator: (any StatusIndicator)? = nil
    ) {
        self.plugSensor = plugSensor
        self.lock = lock
        self.contactor = contactor
        self.powerModule = powerModule
        self.meter = meter
        self.vehicle = vehicle
        self.indicator = indicator
    }
}
