// Turns the station's devices (connectors, emergency stop, RFID reader) into the
// `StationHardware` the station uses, with one event stream in report order.

/// A station made of devices. Call from any isolation. Call `start()` once before the station
/// consumes `events`, and `stop()` when shutting down.
public final class ComposedStation: StationHardware {
    /// The composed connectors (element 0 is connector 1).
    public let composedConnectors: [ComposedConnector]
    private let emergencyStop: (any EmergencyStop)?
    private let reader: (any RFIDReader)?
    private let hub: HardwareEventHub
    private let checksEmergencyStopAtStart: Bool

    /// Composes connectors 1...n from `connectors`, with the station-wide devices.
    /// `checksEmergencyStopAtStart`: read the emergency stop once at `start()` and report it if
    /// pressed (real inputs; a simulation starts released and can skip it).
    public init(
        connectors: [ConnectorDevices], emergencyStop: (any EmergencyStop)?, reader: (any RFIDReader)?,
        hub: HardwareEventHub = HardwareEventHub(), checksEmergencyStopAtStart: Bool = true
    ) {
        self.checksEmergencyStopAtStart = checksEmergencyStopAtStart
        self.composedConnectors = connectors.enumerated().map { ComposedConnector(id: $0.offset + 1, devices: $0.element, hub: hub) }
        self.emergencyStop = emergencyStop
        self.reader = reader
        self.hub = hub
    }

    public var connectors: [any ConnectorHardware] { composedConnectors }

    public var events: AsyncStream<HardwareEvent> { hub.events }

    public func forwardEvents(to sink: @escaping @Sendable (HardwareEvent) -> Void) { hub.forward(to: sink) }

    /// Starts every device's reporting: plugs, EVs, the emergency stop (EmergencyStop fault,
    /// station-wide, also when it is already pressed at start if so configured: the station has
    /// no other way to learn it) and the reader (cards; ReaderFailure station-wide).
    /// - Throws: `DeviceError` from the first device that cannot be watched.
    public func start() throws(DeviceError) {
        for connector in composedConnectors { try connector.startMonitoring() }
        let hub = hub
        if let emergencyStop {
            try emergencyStop.startMonitoring { pressed in
                hub.report(pressed ? .faultRaised(.emergencyStop) : .faultCleared(.emergencyStop))
            }
            if checksEmergencyStopAtStart {
                Task {
                    if (try? await emergencyStop.isPressed()) == true { hub.report(.faultRaised(.emergencyStop)) }
                }
            }
        }
        try reader?.start { event in
            switch event {
            case .card(let uid, let connector): hub.report(.cardPresented(idTag: uid, connector: connector))
            case .failed: hub.report(.faultRaised(.readerFailure))
            case .recovered: hub.report(.faultCleared(.readerFailure))
            }
        }
    }

    /// Whether the emergency stop is pressed now (false when there is none or it is unreadable).
    public func isEmergencyStopPressed() async -> Bool {
        (try? await emergencyStop?.isPressed()) ?? false
    }

    /// Stops all reporting and ends the event stream.
    public func stop() {
        for connector in composedConnectors { connector.stopMonitoring() }
        emergencyStop?.stopMonitoring()
        reader?.stop()
        hub.finish()
    }
}
