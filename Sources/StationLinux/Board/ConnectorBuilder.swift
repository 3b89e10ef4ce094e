// One connector's devices for the factory: the board's real ones where the backend choice says
// `hardware`, the simulation's elsewhere.

import StationHAL

/// Builds one connector's `ConnectorDevices`.
struct ConnectorBuilder<C: StationClock> {
    let wiring: BoardDescription.ConnectorWiring
    let lines: GPIOLines
    let clock: C
    let log: DeviceLog
    let boardDirectory: String

    /// The devices under `backends`, starting from the simulated ones.
    func devices(
        _ backends: DeviceBackends, simulated: ConnectorDevices, bus: ModbusRTUClient<C>?
    ) throws(HardwareSetupError) -> ConnectorDevices {
        var devices = simulated
        if backends.plugSense == .hardware {
            let spec = try required(wiring.plugSense, "plugSense")
            devices.plugSensor = InputPlugSensor(input: try opened(name("plugSense")) { () throws(GPIOError) in try lines.input(spec) })
            // The simulated EV knows nothing of a real vehicle at a real plug.
            devices.vehicle = nil
        }
        if wiring.fixedCable {
            devices.lock = nil
        } else if backends.lock == .hardware {
            let lock = try required(wiring.lock, "lock")
            devices.lock = MotorLock(
                motor: try opened(name("lock motor")) { () throws(GPIOError) in try lines.output(lock.motor) },
                feedback: try opened(name("lock feedback")) { () throws(GPIOError) in try lines.input(lock.feedback) },
                travelTime: .milliseconds(lock.travelTimeMilliseconds), clock: clock
            )
        }
        if backends.contactor == .hardware {
            let spec = try required(wiring.contactor, "contactor")
            devices.contactor = OutputContactor(coil: try opened(name("contactor")) { () throws(GPIOError) in try lines.output(spec) })
        }
        if backends.powerModule == .hardware {
            let spec = try required(wiring.powerModule.enable, "powerModule.enable")
            let enable = try opened(name("powerModule")) { () throws(GPIOError) in try lines.output(spec) }
            devices.powerModule = EnableLinePowerModule(enable: enable, ratings: wiring.powerModule.ratings)
        }
        if backends.meter == .hardware, let bus {
            let meter = try required(wiring.meter, "meter")
            let path = meter.map.hasPrefix("/") ? meter.map : "\(boardDirectory)/\(meter.map)"
            do {
                devices.meter = ModbusEnergyMeter(client: bus, unit: meter.address, map: try MeterRegisterMap.load(path: path), log: log)
            } catch {
                throw HardwareSetupError(device: name("meter"), problem: error.description)
            }
        }
        if backends.indicator == .hardware {
            let spec = try required(wiring.indicator, "indicator")
            devices.indicator = LampIndicator(
                green: try opened(name("indicator green")) { () throws(GPIOError) in try lines.output(spec.green) },
                blue: try opened(name("indicator blue")) { () throws(GPIOError) in try lines.output(spec.blue) },
                red: try opened(name("indicator red")) { () throws(GPIOError) in try lines.output(spec.red) }
            )
        }
        return devices
    }

    private func name(_ device: String) -> String { "connector \(wiring.id) \(device)" }

    private func required<T>(_ value: T?, _ device: String) throws(HardwareSetupError) -> T {
        guard let value else {
            throw HardwareSetupError(device: name(device), problem: "configured as hardware, but the board does not wire it")
        }
        return value
    }
}
