// The station's view of its hardware: per connector, what it can command and read; for the whole
// station, one stream of events (plugs, cards, EV behaviour, faults). Simulated and real
// backends both provide this; the station never sees which one runs.

/// A reading of a connector's energy meter and power path. Absent values are ones this hardware
/// cannot measure; the station leaves them out of meter values rather than inventing them.
public struct MeterReading: Sendable, Equatable {
    /// The active energy import register in Wh (monotonic).
    public var energyActiveImportWh: Double
    /// Active power delivered, W.
    public var powerActiveImportW: Double?
    /// Current delivered, A.
    public var currentImportA: Double?
    /// Output voltage, V.
    public var voltageV: Double?
    /// Power the station currently offers to the EV (its limit), W.
    public var powerOfferedW: Double?
    /// Current the station currently offers, A.
    public var currentOfferedA: Double?
    /// The EV's state of charge, percent (DC charging only).
    public var stateOfChargePercent: Double?
    /// Temperature at the connector, °C.
    public var temperatureCelsius: Double?

    /// Creates a reading.
    public init(
        energyActiveImportWh: Double, powerActiveImportW: Double? = nil, currentImportA: Double? = nil, voltageV: Double? = nil,
        powerOfferedW: Double? = nil, currentOfferedA: Double? = nil, stateOfChargePercent: Double? = nil, temperatureCelsius: Double? = nil
    ) {
        self.energyActiveImportWh = energyActiveImportWh
        self.powerActiveImportW = powerActiveImportW
        self.currentImportA = currentImportA
        self.voltageV = voltageV
        self.powerOfferedW = powerOfferedW
        self.currentOfferedA = currentOfferedA
        self.stateOfChargePercent = stateOfChargePercent
        self.temperatureCelsius = temperatureCelsius
    }
}

/// What the station allows a connector to deliver.
public struct EnergyOffer: Sendable, Equatable {
    /// Whether energy may flow at all (contactor closed, power module on).
    public var enabled: Bool
    /// The power limit in W (the smart-charging limit, capped by the hardware's maximum).
    public var maximumPowerW: Double

    /// No energy.
    public static let off = EnergyOffer(enabled: false, maximumPowerW: 0)

    /// Creates an offer.
    public init(enabled: Bool, maximumPowerW: Double) {
        self.enabled = enabled
        self.maximumPowerW = maximumPowerW
    }
}

/// Something that happened at one connector.
public enum ConnectorEvent: Sendable, Equatable {
    /// A vehicle was connected (fixed cable: the vehicle inlet was plugged).
    case plugged
    /// The vehicle was disconnected.
    case unplugged
    /// The EV stopped drawing energy while energy is offered (SuspendedEV).
    case evSuspended
    /// The EV draws energy again.
    case evResumed
    /// A device of this connector raised a fault.
    case faultRaised(DeviceFault)
    /// The fault is gone.
    case faultCleared(DeviceFault)
}

/// Something that happened at the station's hardware.
public enum HardwareEvent: Sendable, Equatable {
    /// An event at connector `connector` (1-based).
    case connector(Int, ConnectorEvent)
    /// A card was presented at the reader. The MAXERO-200QC has one reader for both connectors;
    /// `connector` is set when the user chose one (a button, or the control API).
    case cardPresented(idTag: String, connector: Int?)
    /// A station-wide device raised a fault (emergency stop, RFID reader).
    case faultRaised(DeviceFault)
    /// The station-wide fault is gone.
    case faultCleared(DeviceFault)
}

/// The devices of one connector, as the station uses them. Call from any isolation.
public protocol ConnectorHardware: Sendable {
    /// Whether a vehicle is connected now (read at start-up; later changes arrive as events).
    func isPlugged() async -> Bool
    /// Whether the connector has a fixed cable (UnlockConnector is then NotSupported).
    var hasFixedCable: Bool { get }
    /// Locks the connector (socket outlets; a fixed cable has nothing to lock and succeeds).
    func lock() async throws(DeviceError)
    /// Unlocks the connector.
    func unlock() async throws(DeviceError)
    /// Sets what the connector may deliver (contactor and power module).
    func offer(_ offer: EnergyOffer) async throws(DeviceError)
    /// Reads the meter and power path.
    func readMeter() async throws(DeviceError) -> MeterReading
}

/// All of the station's hardware. Call from any isolation.
public protocol StationHardware: Sendable {
    /// The connectors, in order: element 0 is connector 1.
    var connectors: [any ConnectorHardware] { get }
    /// The hardware's events. One consumer (the station) iterates it for the station's lifetime.
    var events: AsyncStream<HardwareEvent> { get }
    /// Hands the events from now on to `sink` (called in the reporting device's context) in
    /// place of `events`, which ends: the one consumer then needs no task to read them.
    func forwardEvents(to sink: @escaping @Sendable (HardwareEvent) -> Void)
}
