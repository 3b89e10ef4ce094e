// The station's timers and background transfers: the kinds of job, starting and cancelling a
// timer on the injected clock, and what happens when one falls due (reported back as an input,
// so that it is processed in turn). All of them run through `StationJobs`.

import OCPP

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
        jobs.start(.timer(kind), deadline: deadline) { [clock, inputs] token in
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return
            }
            inputs.continuation.yield(.job(token, .due))
        }
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

/// What a finished job reports.
enum JobReport: Sendable {
    /// A timer fell due.
    case due
    /// A firmware download, installation or diagnostics upload ended.
    case firmware(FirmwareEvent)
}
