// The lock of a socket outlet: holds the cable's plug while a transaction runs. A fixed cable
// has none. The lock checks its feedback; a lock that does not reach the position fails.

/// A connector lock with position feedback. Call from any isolation.
public protocol ConnectorLock: Sendable {
    /// Locks; returns once the feedback says locked.
    /// - Throws: `DeviceError(.connectorLockFailure, ...)` when the lock did not lock.
    func lock() async throws(DeviceError)

    /// Unlocks; returns once the feedback says unlocked.
    /// - Throws: `DeviceError(.connectorLockFailure, ...)` when the lock did not unlock.
    func unlock() async throws(DeviceError)

    /// Whether the feedback says locked now.
    func isLocked() async throws(DeviceError) -> Bool
}

/// A lock driven by a motor (or solenoid) output with a feedback input (active = locked): sets
/// the output, waits `travelTime` on `clock`, and checks the feedback. Call from any isolation.
public struct MotorLock<C: StationClock>: ConnectorLock {
    private let motor: any DigitalOutput
    private let feedback: any DigitalInput
    private let travelTime: Duration
    private let clock: C

    /// A lock on `motor` (active = lock) checked through `feedback` after `travelTime`.
    public init(motor: any DigitalOutput, feedback: any DigitalInput, travelTime: Duration = .milliseconds(500), clock: C) {
        self.motor = motor
        self.feedback = feedback
        self.travelTime = travelTime
        self.clock = clock
    }

    public func lock() async throws(DeviceError) { try await move(locked: true) }

    public func unlock() async throws(DeviceError) { try await move(locked: false) }

    public func isLocked() async throws(DeviceError) -> Bool { try await feedback.read() }

    private func move(locked: Bool) async throws(DeviceError) {
        try await motor.set(locked)
        do {
            try await clock.sleep(for: travelTime)
        } catch {
            throw DeviceError(.connectorLockFailure, "cancelled while the lock was moving")
        }
        let position: Bool
        do {
            position = try await feedback.read()
        } catch {
            throw DeviceError(.connectorLockFailure, "lock feedback unreadable: \(error.message)")
        }
        guard position == locked else {
            let wanted = locked ? "locked" : "unlocked"
            throw DeviceError(.connectorLockFailure, "lock feedback did not report \(wanted) after \(travelTime)")
        }
    }
}
