// The station's timers and background transfers: the kinds of job, starting and cancelling a
// timer on the injected clock, and what happens when one falls due (reported back as an input,
// so that it is processed in turn). All of them run through `StationJobs`; one task sleeps until
// the earliest timer.

import OCPP
import StationHAL

extension Station {
    /// The kinds of timers; each kind per connector runs at most once.
    enum TimerKind: Hashable, Sendable {
        case heartbeat
        case bootRetry
        case connectionTimeout(connectorId: Int)
        case sample(connectorId: Int)
        case aligned
        case minimumStatusDuration(connectorId: Int)
        case invalidIdEnergyCheck(connectorId: Int)
        case resetDeadline
        case reservationExpiry(reservationId: Int)
        case firmwareDownload
        case diagnosticsUpload
        case logUpload
        case chargingLimit
        case certificateRenewal
    }

    /// What runs in the background under a key: a timer, or a file transfer or installation.
    enum JobKind: Hashable, Sendable {
        case timer(TimerKind)
        case firmwareTransfer
        case firmwareInstallation
        case firmwareVerification
        case diagnosticsTransfer
        case logTransfer
    }

    /// The token of one job run.
    typealias JobToken = StationJobs<JobKind, C.Instant>.Token

    func fire(_ kind: TimerKind) async {
        switch kind {
        case .heartbeat: sendHeartbeat()
        case .bootRetry: sendBootNotification()
        case .connectionTimeout(let connectorId):
            log("connector \(connectorId): ConnectionTimeOut passed without a vehicle; authorization cancelled")
            await perform(connectors[connectorId - 1].handle(.connectionTimedOut), connectorId: connectorId)
        case .sample(let connectorId): await takePeriodicSample(connectorId: connectorId)
        case .aligned: await takeAlignedSamples()
        case .minimumStatusDuration(let connectorId): publishStatus(connectorId: connectorId, stableFor: true)
        case .invalidIdEnergyCheck(let connectorId): await checkInvalidIdEnergy(connectorId: connectorId)
        case .resetDeadline: rebootIfReady(deadlinePassed: true)
        case .reservationExpiry(let reservationId): reservationExpired(reservationId)
        case .firmwareDownload: perform(firmware.downloadDue())
        case .diagnosticsUpload: perform(diagnostics.attemptDue())
        case .logUpload: perform(logUpload.attemptDue())
        case .chargingLimit:
            smartCharging.limitTimerFired()
            await applyChargingLimits()
        case .certificateRenewal: checkChargePointCertificateExpiry()
        }
    }

    /// Starts (or restarts) the timer `kind` to fire after `delay`.
    func startTimer(_ kind: TimerKind, after delay: Duration) {
        startTimer(kind, at: clock.now.advanced(by: delay))
    }

    /// Starts (or restarts) the timer `kind` to fire at `deadline` (periodic timers chain their
    /// deadlines so that they do not drift).
    func startTimer(_ kind: TimerKind, at deadline: C.Instant) {
        jobs.setTimer(.timer(kind), at: deadline)
        armTimerSleeper()
    }

    /// Keeps the one task that sleeps until the earliest timer and then reports `.timersDue`.
    func armTimerSleeper() {
        jobs.armSleeper { [clock, inputs] deadline, serial in
            StationTask.spawn {
                do {
                    try await clock.sleep(until: deadline, tolerance: nil)
                } catch {
                    return
                }
                inputs.continuation.yield(.timersDue(sleeper: serial))
            }
        }
    }

    /// Fires the timers due now, earliest first (none after one that makes the station leave for
    /// a reboot), then sleeps until the next.
    func fireDueTimers(sleeper serial: Int) async {
        jobs.sleeperWoke(serial)
        for key in jobs.takeDueTimers(at: clock.now) where reboot.exit == nil {
            if case .timer(let kind) = key { await fire(kind) }
        }
        armTimerSleeper()
    }

    func cancelTimer(_ kind: TimerKind) {
        jobs.cancel(.timer(kind))
    }

    /// Whether the timer `kind` is set.
    func isTimerSet(_ kind: TimerKind) -> Bool {
        jobs.isRunning(.timer(kind))
    }

    /// When the timer `kind` was last set to fire.
    func timerDeadline(_ kind: TimerKind) -> C.Instant? {
        jobs.deadline(of: .timer(kind))
    }
}

/// What a finished job reports (timers report through `Input.timersDue`).
enum JobReport: Sendable {
    /// A firmware download, installation or diagnostics upload ended.
    case firmware(FirmwareEvent)
}
