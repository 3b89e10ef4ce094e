// A change of the link's security while running (the central system raised SecurityProfile or
// set a new AuthorizationKey): reconnect with it at once, and fall back to the previous security
// when no connection with the new one opens.

public import StationCore
import StationHAL

extension LinkSecurity {
    /// Whether the two use the same profile and key (the ping interval aside).
    func hasSameCredentials(as other: LinkSecurity) -> Bool {
        securityProfile == other.securityProfile && authorizationKey == other.authorizationKey
    }
}

/// A security change in progress: the security to return to and who waits for the outcome.
struct SecurityChange {
    var previous: LinkSecurity
    var triesLeft: Int
    var waiter: CheckedContinuation<Bool, Never>?
}

extension LinkClient {
    public nonisolated func securityProblem(_ security: LinkSecurity) -> String? {
        transport.securityProblem(security)
    }

    /// Reconnects with `security`; `settings.securityChangeAttempts` connection attempts follow
    /// one another without backoff. When none opens, the transport goes back to the previous
    /// security (and the run loop reconnects with it, with backoff as usual) and this returns
    /// false. The answer to the ChangeConfiguration is written on the old connection first.
    public func changeSecurity(to security: LinkSecurity, fallingBackTo fallback: LinkSecurity? = nil) async -> Bool {
        await answersWritten()
        guard securityChange == nil else {
            log("a security change is already in progress; the new one is refused")
            return false
        }
        guard let had = transport.applySecurity(security) else { return false }
        if fallback != nil, had.hasSameCredentials(as: security), connection != nil {
            return true   // a resumed change whose connection is open already
        }
        let previous = fallback ?? had
        log("reconnecting with security profile \(security.securityProfile)")
        return await withCheckedContinuation { continuation in
            securityChange = SecurityChange(previous: previous, triesLeft: max(1, settings.securityChangeAttempts), waiter: continuation)
            if let opened = connection {
                StationTask.spawn { await opened.close(.normal) }
            }
        }
    }

    /// A connection opened: a change in progress held.
    func securityConnected() {
        guard let change = securityChange else { return }
        securityChange = nil
        change.waiter?.resume(returning: true)
    }

    /// A connection attempt failed: a change in progress tries again or falls back.
    func connectFailed(_ error: TransportError) {
        guard var change = securityChange else { return }
        change.triesLeft -= 1
        if change.triesLeft > 0 {
            securityChange = change
            return
        }
        securityChange = nil
        _ = transport.applySecurity(change.previous)
        log("no connection with the new security (\(error.message)); back to security profile \(change.previous.securityProfile)")
        change.waiter?.resume(returning: false)
    }
}
