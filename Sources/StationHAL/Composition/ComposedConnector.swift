// Turns one connector's devices into the `ConnectorHardware` the station uses: switches the power
// path in a safe order, merges meter and power-module readings, and reports device changes.

import Synchronization

/// A connector made of devices. Call from any isolation; the station calls `offer` and the
/// lock operations one at a time.
public final class ComposedConnector: ConnectorHardware {
    /// The connector's id (1-based).
    public let id: Int
    /// The devices it is made of.
    public let devices: ConnectorDevices
    private let hub: HardwareEventHub
    private let currentOffer = Mutex(EnergyOffer.off)

    /// Composes connector `id` from `devices`, reporting into `hub`. Reporting starts with
    /// `startMonitoring()`.
    public init(id: Int, devices: ConnectorDevices, hub: HardwareEventHub) {
        self.id = id
        self.devices = devices
        self.hub = hub
    }

    public var hasFixedCable: Bool { devices.lock == nil }

    public func isPlugged() async -> Bool {
        (try? await devices.plugSensor.isPlugged()) ?? false
    }

    public func lock() async throws(DeviceError) {
        try await devices.lock?.lock()
    }

    public func unlock() async throws(DeviceError) {
        try await devices.lock?.unlock()
    }

    /// Switches the power path: on, the module gets its limit (capped by its ratings) before the
    /// contactor closes; off, the module stops before the contactor opens (never switch under
    /// load). A contactor that fails to close leaves the module off.
    public func offer(_ offer: EnergyOffer) async throws(DeviceError) {
        let limitW = min(max(offer.maximumPowerW, 0), devices.powerModule.ratings.maximumPowerW)
        if offer.enabled {
            try await devices.powerModule.apply(PowerModuleSetpoint(enabled: true, maximumPowerW: limitW))
            do {
                try await devices.contactor.close()
            } catch {
                try? await devices.powerModule.apply(.off)
                currentOffer.withLock { $0 = .off }
                throw error
            }
        } else {
            try await devices.powerModule.apply(.off)
            try await devices.contactor.open()
        }
        currentOffer.withLock { $0 = EnergyOffer(enabled: offer.enabled, maximumPowerW: offer.enabled ? limitW : 0) }
    }

    /// Reads the meter, filling what it does not measure from the power module's output and the
    /// EV. A failing meter raises PowerMeterFailure at this connector; the next good reading
    /// clears it.
    public func readMeter() async throws(DeviceError) -> MeterReading {
        let sample: EnergySample
        do {
            sample = try await devices.meter.read()
        } catch {
            hub.report(connector: id, .faultRaised(.powerMeterFailure))
            throw DeviceError(.powerMeterFailure, error.message)
        }
        hub.report(connector: id, .faultCleared(.powerMeterFailure))
        let output = try? await devices.powerModule.measure()
        let offer = currentOffer.withLock { $0 }
        let voltage = sample.voltageV ?? output?.voltageV
        let offeredW = offer.enabled ? offer.maximumPowerW : 0
        var reading = MeterReading(
            energyActiveImportWh: sample.energyActiveImportWh,
            powerActiveImportW: sample.powerW ?? output?.powerW,
            currentImportA: sample.currentA ?? output?.currentA,
            voltageV: voltage,
            powerOfferedW: offeredW
        )
        if let voltage, voltage > 0 {
            reading.currentOfferedA = min(offeredW / voltage, devices.powerModule.ratings.maximumCurrentA)
        }
        reading.stateOfChargePercent = await devices.vehicle?.stateOfChargePercent()
        return reading
    }

    /// Starts passing plug and EV changes to the hub.
    /// - Throws: `DeviceError` when a sensor cannot be watched.
    public func startMonitoring() throws(DeviceError) {
        let id = id
        let hub = hub
        try devices.plugSensor.startMonitoring { plugged in
            hub.report(connector: id, plugged ? .plugged : .unplugged)
        }
        try devices.vehicle?.startMonitoring { event in
            hub.report(connector: id, event == .suspended ? .evSuspended : .evResumed)
        }
    }

    /// Stops passing changes on.
    public func stopMonitoring() {
        devices.plugSensor.stopMonitoring()
        devices.vehicle?.stopMonitoring()
    }
}
