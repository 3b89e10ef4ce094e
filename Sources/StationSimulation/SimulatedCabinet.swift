// The simulated world behind a station's devices: every connector's physics on one time line,
// advanced lazily to the injected clock's "now" whenever anything reads or changes it.

import StationHAL

import Synchronization

/// The simulated charger cabinet: connectors sharing a station-wide power limit, plus the
/// station-wide faults. Time comes from the clock given at creation; the state is brought up to
/// the clock's present before every read or change, in steps of at most one second, so readings
/// at any instant are right and never sleep. Safe to use from any isolation.
final class SimulatedCabinet: Sendable {
    struct State: Sendable {
        var connectors: [SimulatedConnectorState]
        var stationFaults: Set<DeviceFault> = []
        var elapsed: Duration = .zero
    }

    /// Handlers of the simulated devices that report changes.
    struct Handlers: Sendable {
        var plug: [Int: @Sendable (Bool) -> Void] = [:]
        var ev: [Int: @Sendable (EVEvent) -> Void] = [:]
        var emergencyStop: (@Sendable (Bool) -> Void)?
    }

    /// A change to pass to a device handler once the state lock is released.
    enum Notification: Sendable {
        case plug(connector: Int, Bool)
        case ev(connector: Int, EVEvent)
        case emergencyStop(Bool)
    }

    let stationMaximumPowerW: Double
    private let elapsedTime: @Sendable () -> Duration
    private let state: Mutex<State>
    private let handlers = Mutex(Handlers())
    private static let maximumStep = Duration.seconds(1)

    /// A cabinet of `connectors` on `clock`, limited to `stationMaximumPowerW` in total.
    init<C: StationClock>(connectors: [SimulatedConnectorState], stationMaximumPowerW: Double, clock: C) {
        let start = clock.now
        self.elapsedTime = { start.duration(to: clock.now) }
        self.stationMaximumPowerW = stationMaximumPowerW
        self.state = Mutex(State(connectors: connectors))
    }

    var connectorCount: Int { state.withLock { $0.connectors.count } }

    /// Brings the state to the present, runs `body` on it (index 0 is connector 1), and then
    /// passes on what changed (EV events, and what `body` returned) to the device handlers.
    func update<R: Sendable, E: Error>(_ body: (inout State) throws(E) -> (R, [Notification])) throws(E) -> R {
        let now = elapsedTime()
        let (result, notifications) = try state.withLock { (state: inout State) throws(E) -> (R, [Notification]) in
            var notifications = Self.advance(&state, to: now, stationMaximumPowerW: stationMaximumPowerW)
            let (result, changes) = try body(&state)
            notifications += changes
            for index in state.connectors.indices {
                if let event = state.connectors[index].pendingEVEvent() { notifications.append(.ev(connector: index + 1, event)) }
            }
            return (result, notifications)
        }
        deliver(notifications)
        return result
    }

    /// Reads the present state of connector `id` (1-based).
    func read<R: Sendable>(connector id: Int, _ body: (SimulatedConnectorState, Set<DeviceFault>) -> R) -> R {
        update { (state: inout State) in (body(state.connectors[id - 1], state.stationFaults), []) }
    }

    /// Registers the handlers a simulated device reports through.
    func setHandlers(_ body: (inout Handlers) -> Void) {
        handlers.withLock { body(&$0) }
    }

    private func deliver(_ notifications: [Notification]) {
        guard !notifications.isEmpty else { return }
        let current = handlers.withLock { $0 }
        for notification in notifications {
            switch notification {
            case .plug(let id, let plugged): current.plug[id]?(plugged)
            case .ev(let id, let event): current.ev[id]?(event)
            case .emergencyStop(let pressed): current.emergencyStop?(pressed)
            }
        }
    }

    /// Steps every connector from `state.elapsed` to `now`, sharing the station limit in
    /// proportion to demand. Returns the EV events that arose (a battery filling up).
    private static func advance(_ state: inout State, to now: Duration, stationMaximumPowerW: Double) -> [Notification] {
        var notifications: [Notification] = []
        while state.elapsed < now {
            let faults = state.stationFaults
            if state.connectors.allSatisfy({ $0.isAtRest(stationFaults: faults) }) {
                state.elapsed = now
                break
            }
            let step = min(maximumStep, now - state.elapsed)
            let demands = state.connectors.map { $0.demandW(stationFaults: faults) }
            let total = demands.reduce(0, +)
            let share = total > stationMaximumPowerW ? stationMaximumPowerW / total : 1
            for index in state.connectors.indices {
                state.connectors[index].advance(seconds: step.secondsValue, allowedW: demands[index] * share)
                if let event = state.connectors[index].pendingEVEvent() { notifications.append(.ev(connector: index + 1, event)) }
            }
            state.elapsed += step
        }
        return notifications
    }
}
