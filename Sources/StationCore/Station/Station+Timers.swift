// The station's timers: what each kind is, starting and cancelling one on the injected clock,
// and what happens when one fires (reported back as an input, so it is processed in turn).

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
        case chargingLimit
    }

    func fire(_ kind: TimerKind) async {
        switch kind {
        case .heartbeat: sendHeartbeat()
        case .bootRetry: sendBootNotification()
        case .connectionTimeout(let connectorId):
            log("connector \(connectorId): ConnectionTimeOut passed without a vehicle; authorization cancelled")
            await perform(connectors[connectorId - 1].handle(.connectionTimedOut), connectorId: connectorId)
        case .sample(let connectorId): await takePeriodicSample(connectorId: connectorId)
        case .aligned: await takeAlignedSamples()
        case .minimumStatusDuration(let connectorId): await publishStatus(connectorId: connectorId, stableFor: true)
        case .invalidIdEnergyCheck(let connectorId): await checkInvalidIdEnergy(connectorId: connectorId)
        case .resetDeadline: rebootIfReady(deadlinePassed: true)
        case .reservationExpiry(let reservationId): reservationExpired(reservationId)
        case .firmwareDownload: startFirmwareDownload()
        case .diagnosticsUpload: startDiagnosticsUpload()
        case .chargingLimit:
            chargingLimitChangesAt = nil
            await applyChargingLimits()
        }
    }

    /// Starts (or restarts) the timer `kind` to fire after `delay`.
    func startTimer(_ kind: TimerKind, after delay: Duration) {
        startTimer(kind, at: clock.now.advanced(by: delay))
    }

    /// Starts (or restarts) the timer `kind` to fire at `deadline` (periodic timers chain their
    /// deadlines so that they do not drift).
    func startTimer(_ kind: TimerKind, at deadline: C.Instant) {
        timers[kind]?.task.cancel()
        timerGeneration += 1
        let generation = timerGeneration
        timerDeadlines[kind] = deadline
        let task = Task { [clock, inputContinuation] in
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return
            }
            inputContinuation.yield(.timer(kind, generation: generation))
        }
        timers[kind] = (generation, task)
    }

    func cancelTimer(_ kind: TimerKind) {
        timers[kind]?.task.cancel()
        timers[kind] = nil
    }
}
