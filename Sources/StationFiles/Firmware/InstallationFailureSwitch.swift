// The user's switch "the next installation fails" of the simulated installer, set from the
// station file or the control API and consumed by the installation it fails.

import Synchronization

/// Whether the next simulated firmware installation fails. Set by the user (the station file's
/// `firmware.failNextInstallation`, the control API's `POST /api/firmware/next-installation`);
/// an installation that finds it set fails, and clears it, so the one after succeeds again.
/// Shared by every instance of the installer of one process; safe to use from any thread.
public final class InstallationFailureSwitch: Sendable {
    private let armed: Mutex<Bool>

    /// A switch, set when `nextInstallationFails`.
    public init(nextInstallationFails: Bool = false) {
        armed = Mutex(nextInstallationFails)
    }

    /// Whether the next installation fails.
    public var nextInstallationFails: Bool { armed.withLock { $0 } }

    /// Sets whether the next installation fails.
    public func set(nextInstallationFails: Bool) {
        armed.withLock { $0 = nextInstallationFails }
    }

    /// Whether this installation fails; clears the switch.
    func takeFailure() -> Bool {
        armed.withLock { armed in
            defer { armed = false }
            return armed
        }
    }
}
