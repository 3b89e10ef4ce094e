// The simulated physics of one connector: the EV on it, its power module, contactor, lock and
// meter register, and the faults injected into it. A value; `SimulatedCabinet` owns and advances it.

import StationHAL

/// The state of one simulated connector.
struct SimulatedConnectorState: Sendable {
    var ev: EVModel
    var isPlugged = false
    var module: PowerModuleModel
    var setpoint = PowerModuleSetpoint.off
    var contactorClosed = false
    var energyWh: Double
    var faults: Set<DeviceFault> = []
    let hasLock: Bool
    var isLocked = false
    var lockFails = false
    /// What the EV was last reported doing (`nil` while no EV is plugged).
    var reportedDrawing: Bool?

    /// Faults that stop the energy flow in hardware (protection trips, contactor drops).
    static let interruptingFaults: Set<DeviceFault> = [
        .groundFailure, .overVoltage, .underVoltage, .overCurrent, .highTemperature, .powerSwitchFailure,
        .evCommunicationError, .emergencyStop, .internalError,
    ]

    /// The first fault (of this connector or station-wide) that keeps the power path open.
    func interruptingFault(stationFaults: Set<DeviceFault>) -> DeviceFault? {
        DeviceFault.allCases.first { Self.interruptingFaults.contains($0) && (faults.contains($0) || stationFaults.contains($0)) }
    }

    /// The output voltage now, V: the battery's when connected through a closed contactor.
    var outputVoltageV: Double {
        isPlugged && contactorClosed ? ev.batteryVoltageV : 0
    }

    /// The power this connector would draw now with no station-wide limit, W.
    func demandW(stationFaults: Set<DeviceFault>) -> Double {
        guard isPlugged, contactorClosed, setpoint.enabled, interruptingFault(stationFaults: stationFaults) == nil else { return 0 }
        let voltage = ev.batteryVoltageV
        return min(setpoint.maximumPowerW, module.capabilityW(atVoltage: voltage), ev.acceptedPowerW)
    }

    /// Whether nothing changes with time (no flow, output at rest).
    func isAtRest(stationFaults: Set<DeviceFault>) -> Bool {
        module.outputW == 0 && demandW(stationFaults: stationFaults) == 0
    }

    /// Advances `seconds` delivering at most `allowedW`: the module ramps, the meter integrates,
    /// the battery fills.
    mutating func advance(seconds: Double, allowedW: Double) {
        guard allowedW > 0 else {
            module.cut()
            return
        }
        let room = max(ev.targetStateOfChargePercent - ev.stateOfChargePercent, 0) / 100 * ev.batteryCapacityWh
        let energy = min(module.ramp(towards: allowedW, seconds: seconds), room)
        energyWh += energy
        ev.absorb(energyWh: energy)
    }

    /// The EV event to report when what the EV does changed since the last report.
    mutating func pendingEVEvent() -> EVEvent? {
        guard isPlugged, let reported = reportedDrawing, reported != ev.isDrawing else { return nil }
        reportedDrawing = ev.isDrawing
        return ev.isDrawing ? .resumed : .suspended
    }
}
