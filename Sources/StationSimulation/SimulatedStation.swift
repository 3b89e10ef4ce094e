// A whole MAXERO-200QC-style station on simulated devices: the `StationHardware` of simulated
// mode and of the station tests, composed like real hardware, with controls for what a driver,
// an EV or a broken part would do (see SimulatedStation+Controls.swift).

public import StationHAL

/// A `StationHardware` on simulated devices, advancing in the time of the clock it was given
/// (use `ManualClock` in tests: nothing here sleeps). Safe to use from any isolation.
///
/// Energy flows at a connector only while the station's offer is enabled, a vehicle is plugged
/// and drawing, and no fault that trips the power path is raised; the power is the least of the
/// offer, the power module's ratings, the EV's charging curve and the station's share of its
/// total limit, reached through the module's ramp. The meter integrates that power over clock
/// time; a reading at any instant is exact to the one-second integration step.
public final class SimulatedStation: StationHardware {
    /// The profile the station was made from.
    public let profile: SimulatedStationProfile
    /// The virtual RFID reader.
    public let reader: SimulatedRFIDReader
    let cabinet: SimulatedCabinet
    let hub: HardwareEventHub
    private let composed: ComposedStation

    /// A simulated station of `profile` (by default the MAXERO-200QC with fixed cables) whose
    /// time is `clock`, reporting into `hub` (a hub of its own by default; pass one to share it
    /// with a composition mixing real devices). Reporting starts at once; all connectors start
    /// unplugged.
    public init<C: StationClock>(profile: SimulatedStationProfile = .maxero200QC, clock: C, hub: HardwareEventHub = HardwareEventHub()) {
        self.profile = profile
        let connectorStates = (0..<max(profile.connectorCount, 0)).map { _ in
            SimulatedConnectorState(
                ev: profile.vehicle,
                module: PowerModuleModel(ratings: profile.powerModule, rampRateWPerSecond: profile.rampRateWPerSecond),
                energyWh: profile.initialMeterWh,
                hasLock: !profile.hasFixedCables
            )
        }
        let cabinet = SimulatedCabinet(connectors: connectorStates, stationMaximumPowerW: profile.stationMaximumPowerW, clock: clock)
        let reader = SimulatedRFIDReader()
        let devices = connectorStates.indices.map { index in
            let id = index + 1
            return ConnectorDevices(
                plugSensor: SimulatedPlugSensor(cabinet: cabinet, connector: id),
                lock: profile.hasFixedCables ? nil : SimulatedLock(cabinet: cabinet, connector: id),
                contactor: SimulatedContactor(cabinet: cabinet, connector: id),
                powerModule: SimulatedPowerModule(cabinet: cabinet, connector: id, ratings: profile.powerModule),
                meter: SimulatedEnergyMeter(cabinet: cabinet, connector: id),
                vehicle: SimulatedEVLink(cabinet: cabinet, connector: id)
            )
        }
        self.cabinet = cabinet
        self.reader = reader
        self.hub = hub
        self.composed = ComposedStation(
            connectors: devices, emergencyStop: SimulatedEmergencyStop(cabinet: cabinet), reader: reader, hub: hub,
            checksEmergencyStopAtStart: false
        )
        // Simulated devices cannot fail to be watched.
        try? composed.start()
    }

    public var connectors: [any ConnectorHardware] { composed.connectors }

    /// The simulated devices of each connector (element 0 is connector 1), for composing a
    /// station that mixes simulated and real devices. A device composed elsewhere reports there
    /// instead (starting its monitoring again replaces the handler).
    public var connectorDevices: [ConnectorDevices] { composed.composedConnectors.map(\.devices) }

    /// The simulated emergency stop (pressed by raising EmergencyStop station-wide).
    public var emergencyStop: any EmergencyStop { SimulatedEmergencyStop(cabinet: cabinet) }

    public var events: AsyncStream<HardwareEvent> { composed.events }

    public func forwardEvents(to sink: @escaping @Sendable (HardwareEvent) -> Void) { composed.forwardEvents(to: sink) }

    /// Stops reporting and ends `events`.
    public func shutdown() {
        composed.stop()
    }

    /// What connector `connector` (1-based) is doing now.
    /// - Throws: `SimulationError.noSuchConnector`.
    public func snapshot(connector: Int) throws(SimulationError) -> SimulatedConnectorSnapshot {
        let index = try index(of: connector)
        return cabinet.update { (state: inout SimulatedCabinet.State) in
            (SimulatedConnectorSnapshot(state.connectors[index], stationFaults: state.stationFaults), [])
        }
    }

    func index(of connector: Int) throws(SimulationError) -> Int {
        guard connector >= 1, connector <= cabinet.connectorCount else { throw SimulationError.noSuchConnector(connector) }
        return connector - 1
    }
}

/// What a simulated connector is doing at one instant.
public struct SimulatedConnectorSnapshot: Sendable, Equatable {
    /// Whether an EV is plugged.
    public var isPlugged: Bool
    /// The EV (the one plugged, or the one that will be).
    public var vehicle: EVModel
    /// Whether the EV draws energy when offered (plugged, not paused, not full).
    public var isEVDrawing: Bool
    /// Whether the contactor is closed.
    public var isContactorClosed: Bool
    /// Whether the lock is locked (always false for a fixed cable).
    public var isLocked: Bool
    /// Power delivered now, W.
    public var powerW: Double
    /// The meter register, Wh.
    public var energyWh: Double
    /// Faults raised at this connector.
    public var faults: Set<DeviceFault>
    /// Station-wide faults raised.
    public var stationFaults: Set<DeviceFault>

    init(_ state: SimulatedConnectorState, stationFaults: Set<DeviceFault>) {
        isPlugged = state.isPlugged
        vehicle = state.ev
        isEVDrawing = state.isPlugged && state.ev.isDrawing
        isContactorClosed = state.contactorClosed
        isLocked = state.isLocked
        powerW = state.module.outputW
        energyWh = state.energyWh
        faults = state.faults
        self.stationFaults = stationFaults
    }
}
