// The simulated station-wide devices: the emergency stop (pressed by fault injection) and a
// virtual RFID reader for swipes (which can be failed and repaired).

public import StationHAL

import Synchronization

/// Simulated emergency stop, pressed while the station-wide EmergencyStop fault is raised.
/// Call from any isolation.
struct SimulatedEmergencyStop: EmergencyStop {
    let cabinet: SimulatedCabinet

    func isPressed() async throws(DeviceError) -> Bool {
        cabinet.update { (state: inout SimulatedCabinet.State) in (state.stationFaults.contains(.emergencyStop), []) }
    }

    func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError) {
        cabinet.setHandlers { $0.emergencyStop = onChange }
    }

    func stopMonitoring() {
        cabinet.setHandlers { $0.emergencyStop = nil }
    }
}

/// A virtual RFID reader: reports the cards presented to it, unless it is failed.
/// Safe to use from any isolation.
public final class SimulatedRFIDReader: RFIDReader {
    private struct State {
        var report: (@Sendable (RFIDReaderEvent) -> Void)?
        var failed = false
    }

    private let state = Mutex(State())

    /// A working reader.
    public init() {}

    public func start(reporting report: @escaping @Sendable (RFIDReaderEvent) -> Void) throws(DeviceError) {
        state.withLock { $0.report = report }
    }

    public func stop() {
        state.withLock { $0.report = nil }
    }

    /// Presents a card with `uid` (aimed at `connector` when given).
    /// - Throws: `SimulationError.readerUnavailable` while the reader is failed.
    public func present(uid: String, connector: Int? = nil) throws(SimulationError) {
        let report = try state.withLock { (state: inout State) throws(SimulationError) in
            guard !state.failed else { throw SimulationError.readerUnavailable }
            return state.report
        }
        report?(.card(uid: uid, connector: connector))
    }

    /// Fails the reader (`true`, reported as `.failed`) or repairs it (`false`, `.recovered`).
    public func setFailed(_ failed: Bool) {
        let (report, changed) = state.withLock { state in
            let changed = state.failed != failed
            state.failed = failed
            return (state.report, changed)
        }
        guard changed else { return }
        report?(failed ? .failed(reason: "simulated reader failure") : .recovered)
    }
}
