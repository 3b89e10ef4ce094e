// The controls of a simulated station: what the control API and the station tests do to it (a
// driver plugging in and swiping a card, the EV pausing, a part breaking).

public import StationHAL

extension SimulatedStation {
    /// Connects a vehicle at `connector`: `vehicle` if given, else the connector's last EV
    /// (initially the profile's). Reports `.plugged`, then `.evSuspended` if that EV does not
    /// draw (paused or full).
    /// - Throws: `SimulationError.noSuchConnector`, `.alreadyPlugged`.
    public func plug(connector: Int, vehicle: EVModel? = nil) throws(SimulationError) {
        let index = try index(of: connector)
        try cabinet.update { (state: inout SimulatedCabinet.State) throws(SimulationError) in
            guard !state.connectors[index].isPlugged else { throw SimulationError.alreadyPlugged(connector: connector) }
            if let vehicle { state.connectors[index].ev = vehicle }
            state.connectors[index].isPlugged = true
            state.connectors[index].reportedDrawing = true
            return ((), [.plug(connector: connector, true)])
        }
    }

    /// Disconnects the vehicle at `connector` (energy stops at once). Reports `.unplugged`.
    /// - Throws: `SimulationError.noSuchConnector`, `.notPlugged`.
    public func unplug(connector: Int) throws(SimulationError) {
        let index = try index(of: connector)
        try cabinet.update { (state: inout SimulatedCabinet.State) throws(SimulationError) in
            guard state.connectors[index].isPlugged else { throw SimulationError.notPlugged(connector: connector) }
            state.connectors[index].isPlugged = false
            state.connectors[index].reportedDrawing = nil
            state.connectors[index].module.cut()
            return ((), [.plug(connector: connector, false)])
        }
    }

    /// Presents a card with `idTag` at the reader, aimed at `connector` when given (nil or 0: the
    /// reader's choice is left to the station). Reports `.cardPresented`.
    /// - Throws: `SimulationError.noSuchConnector`, `.readerUnavailable` while ReaderFailure is raised.
    public func presentCard(idTag: String, connector: Int? = nil) throws(SimulationError) {
        let target = connector == 0 ? nil : connector
        if let target { _ = try index(of: target) }
        try reader.present(uid: idTag, connector: target)
    }

    /// Pauses (`true`) or resumes (`false`) the EV at `connector`. Reports `.evSuspended` /
    /// `.evResumed` when what the EV does changes (a full EV stays suspended).
    /// - Throws: `SimulationError.noSuchConnector`, `.notPlugged`.
    public func setEVSuspended(connector: Int, _ suspended: Bool) throws(SimulationError) {
        let index = try index(of: connector)
        try cabinet.update { (state: inout SimulatedCabinet.State) throws(SimulationError) in
            guard state.connectors[index].isPlugged else { throw SimulationError.notPlugged(connector: connector) }
            state.connectors[index].ev.isPaused = suspended
            return ((), [])
        }
    }

    /// Sets the state of charge of the EV at `connector` (plugged or next to be plugged). An EV
    /// reaching its target reports `.evSuspended`; one below it again, `.evResumed`.
    /// - Throws: `SimulationError.noSuchConnector`, `.invalidValue` outside 0...100.
    public func setStateOfCharge(connector: Int, percent: Double) throws(SimulationError) {
        let index = try index(of: connector)
        guard percent.isFinite, (0...100).contains(percent) else {
            throw SimulationError.invalidValue("state of charge \(percent); expected 0...100 percent")
        }
        cabinet.update { (state: inout SimulatedCabinet.State) in
            state.connectors[index].ev.stateOfChargePercent = percent
            return ((), [])
        }
    }

    /// Raises `fault` at `connector`, or station-wide for nil or 0 (EmergencyStop presses the
    /// emergency stop, ReaderFailure fails the reader). Reports `.faultRaised` once. Faults that
    /// trip the power path (ground, over/under-voltage, over-current, temperature, power switch,
    /// EV communication, emergency stop, internal) stop the energy at once and keep the
    /// contactor open; PowerMeterFailure makes the meter unreadable; ConnectorLockFailure makes
    /// the lock fail.
    /// - Throws: `SimulationError.noSuchConnector`.
    public func raiseFault(connector: Int?, _ fault: DeviceFault) throws(SimulationError) {
        try setFault(fault, raised: true, connector: connector)
    }

    /// Clears `fault` at `connector` (nil or 0: station-wide). Reports `.faultCleared` once.
    /// - Throws: `SimulationError.noSuchConnector`.
    public func clearFault(connector: Int?, _ fault: DeviceFault) throws(SimulationError) {
        try setFault(fault, raised: false, connector: connector)
    }

    /// Makes the lock of `connector` fail to lock and unlock (`true`) or work again (`false`).
    /// A failed attempt throws `DeviceError(.connectorLockFailure, ...)` from `lock()`/`unlock()`.
    /// - Throws: `SimulationError.noSuchConnector`, `.noLock` for a fixed cable.
    public func setLockFailure(connector: Int, enabled: Bool) throws(SimulationError) {
        let index = try index(of: connector)
        try cabinet.update { (state: inout SimulatedCabinet.State) throws(SimulationError) in
            guard state.connectors[index].hasLock else { throw SimulationError.noLock(connector: connector) }
            state.connectors[index].lockFails = enabled
            return ((), [])
        }
    }

    private func setFault(_ fault: DeviceFault, raised: Bool, connector: Int?) throws(SimulationError) {
        guard let connector, connector != 0 else {
            cabinet.update { (state: inout SimulatedCabinet.State) in
                if raised { state.stationFaults.insert(fault) } else { state.stationFaults.remove(fault) }
                return ((), fault == .emergencyStop ? [.emergencyStop(raised)] : [])
            }
            if fault == .readerFailure { reader.setFailed(raised) }
            hub.report(raised ? .faultRaised(fault) : .faultCleared(fault))
            return
        }
        let index = try index(of: connector)
        cabinet.update { (state: inout SimulatedCabinet.State) in
            if raised { state.connectors[index].faults.insert(fault) } else { state.connectors[index].faults.remove(fault) }
            return ((), [])
        }
        hub.report(connector: connector, raised ? .faultRaised(fault) : .faultCleared(fault))
    }
}
