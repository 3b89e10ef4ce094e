// The simulated devices of one connector: each a full implementation of its device protocol,
// all looking at the same connector of a `SimulatedCabinet` (plug, lock, contactor, power module,
// meter, EV link).

import StationHAL

/// Simulated plug sense. Call from any isolation.
struct SimulatedPlugSensor: PlugSensor {
    let cabinet: SimulatedCabinet
    let connector: Int

    func isPlugged() async throws(DeviceError) -> Bool {
        cabinet.read(connector: connector) { state, _ in state.isPlugged }
    }

    func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError) {
        cabinet.setHandlers { $0.plug[connector] = onChange }
    }

    func stopMonitoring() {
        cabinet.setHandlers { $0.plug[connector] = nil }
    }
}

/// Simulated socket lock: moves at once, fails while told to fail or while ConnectorLockFailure
/// is raised. Call from any isolation.
struct SimulatedLock: ConnectorLock {
    let cabinet: SimulatedCabinet
    let connector: Int

    func lock() async throws(DeviceError) { try move(locked: true) }

    func unlock() async throws(DeviceError) { try move(locked: false) }

    func isLocked() async throws(DeviceError) -> Bool {
        cabinet.read(connector: connector) { state, _ in state.isLocked }
    }

    private func move(locked: Bool) throws(DeviceError) {
        try cabinet.update { (state: inout SimulatedCabinet.State) throws(DeviceError) in
            let index = connector - 1
            if state.connectors[index].lockFails || state.connectors[index].faults.contains(.connectorLockFailure) {
                throw DeviceError(.connectorLockFailure, "simulated lock of connector \(connector) did not \(locked ? "lock" : "unlock")")
            }
            state.connectors[index].isLocked = locked
            return ((), [])
        }
    }
}

/// Simulated DC contactor: will not close while a fault that trips the power path is raised.
/// Call from any isolation.
struct SimulatedContactor: Contactor {
    let cabinet: SimulatedCabinet
    let connector: Int

    func close() async throws(DeviceError) {
        try cabinet.update { (state: inout SimulatedCabinet.State) throws(DeviceError) in
            let index = connector - 1
            if let fault = state.connectors[index].interruptingFault(stationFaults: state.stationFaults) {
                throw DeviceError(fault, "contactor of connector \(connector) stays open while \(fault.rawValue) is raised")
            }
            state.connectors[index].contactorClosed = true
            return ((), [])
        }
    }

    func open() async throws(DeviceError) {
        cabinet.update { (state: inout SimulatedCabinet.State) in
            state.connectors[connector - 1].contactorClosed = false
            return ((), [])
        }
    }
}

/// Simulated DC power module (ramping, within its ratings). Call from any isolation.
struct SimulatedPowerModule: PowerModule {
    let cabinet: SimulatedCabinet
    let connector: Int
    let ratings: PowerModuleRatings

    func apply(_ setpoint: PowerModuleSetpoint) async throws(DeviceError) {
        cabinet.update { (state: inout SimulatedCabinet.State) in
            state.connectors[connector - 1].setpoint = setpoint
            return ((), [])
        }
    }

    func measure() async throws(DeviceError) -> PowerModuleOutput {
        cabinet.read(connector: connector) { state, _ in
            let voltage = state.outputVoltageV
            return PowerModuleOutput(voltageV: voltage, currentA: voltage > 0 ? state.module.outputW / voltage : 0)
        }
    }
}

/// Simulated DC energy meter: the register integrated from the module's output; fails while
/// PowerMeterFailure is raised. Call from any isolation.
struct SimulatedEnergyMeter: EnergyMeter {
    let cabinet: SimulatedCabinet
    let connector: Int

    func read() async throws(DeviceError) -> EnergySample {
        let sample = cabinet.read(connector: connector) { state, _ -> EnergySample? in
            guard !state.faults.contains(.powerMeterFailure) else { return nil }
            let voltage = state.outputVoltageV
            let power = state.module.outputW
            return EnergySample(
                energyActiveImportWh: state.energyWh, powerW: power, currentA: voltage > 0 ? power / voltage : 0, voltageV: voltage
            )
        }
        guard let sample else { throw DeviceError(.powerMeterFailure, "simulated meter of connector \(connector) does not answer") }
        return sample
    }
}

/// The simulated EV's link: its state of charge, and its pauses. Call from any isolation.
struct SimulatedEVLink: EVCommunication {
    let cabinet: SimulatedCabinet
    let connector: Int

    func stateOfChargePercent() async -> Double? {
        cabinet.read(connector: connector) { state, _ in state.isPlugged ? state.ev.stateOfChargePercent : nil }
    }

    func startMonitoring(_ onEvent: @escaping @Sendable (EVEvent) -> Void) throws(DeviceError) {
        cabinet.setHandlers { $0.ev[connector] = onEvent }
    }

    func stopMonitoring() {
        cabinet.setHandlers { $0.ev[connector] = nil }
    }
}
