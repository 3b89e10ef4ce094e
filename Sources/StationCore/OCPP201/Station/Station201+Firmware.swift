// Routing of 2.0.1 Firmware management: UpdateFirmware, its timers and jobs (download, signature
// check, installation through the same installer port as 1.6) and the reboot go through the
// FirmwareService201, which decides; the station performs its actions.

import OCPP201
import StationHAL
import X509
import enum OCPP.PayloadDecoding
import enum OCPP.PayloadEncoding
import struct OCPP.Timestamp

/// The firmware state of a 2.0.1 station: the update machine, its timer and its running job.
struct Firmware201State: TimedJobs {
    var service: FirmwareService201
    var timer: Task<Void, Never>?
    var job: Task<Void, Never>?
    /// Numbers the jobs; a job's report carries its number, and a replaced job's report is dropped.
    var jobNumber = 0
    /// Whether new sessions were held at the last check (the statuses follow a change).
    var heldSessions = false
    /// The version the installer reports (BootNotification's firmwareVersion), read at start.
    var installedVersion: String?
}

/// What the firmware timers and jobs report to a 2.0.1 station.
enum Firmware201Input: Sendable {
    case downloadDue
    case installDue
    case downloadFinished(job: Int, Result<Void, TransferError>)
    case verificationFinished(job: Int, Result<Void, FirmwareVerificationError>)
    case installFinished(job: Int, Result<String, InstallError>)
    /// The notifications before the reboot went out (or could not).
    case rebootDue
}

extension Station201 {
    /// The stored update (nil when none or unreadable).
    static func storedFirmwareUpdate(_ store: any StationStore, log: @Sendable (String) -> Void) -> FirmwareUpdate201? {
        do {
            guard let document = try store.document(.ocpp201FirmwareUpdate) else { return nil }
            return try PayloadDecoding.decode(FirmwareUpdate201.self, from: document)
        } catch {
            log("stored firmware update unreadable, dropped: \(error)")
            return nil
        }
    }

    /// UpdateFirmware: a signed update's certificate must verify to an installed
    /// ManufacturerRootCertificate (else InvalidCertificate and the security event
    /// InvalidFirmwareSigningCertificate in the security log); then the service decides.
    func updateFirmware(_ request: UpdateFirmware.Request) async -> UpdateFirmware.Response {
        guard let files else { return UpdateFirmware.Response(status: .rejected) }
        if let pem = request.firmware.signingCertificate?.value {
            do throws(FirmwareVerificationError) {
                _ = try await FirmwareSignature.signingCertificate(pem, roots: manufacturerRoots(), now: now.date)
            } catch {
                log("UpdateFirmware \(request.requestId) refused: \(error)")
                raiseSecurityEvent(.invalidFirmwareSigningCertificate, techInfo: error.message)
                return UpdateFirmware.Response(status: .invalidCertificate)
            }
        }
        let (status, actions) = firmware.service.requested(request, now: now, directory: files.downloadDirectory)
        perform(actions)
        return UpdateFirmware.Response(status: status)
    }

    /// The installed ManufacturerRootCertificates (the store document InstallCertificate writes).
    func manufacturerRoots() -> [Certificate] {
        do {
            return try InstalledCertificates(stored: store.document(.installedCertificates)).certificates(.manufacturerRootCertificate)
        } catch {
            log("installed certificates unreadable: \(error)")
            return []
        }
    }

    /// Reads the installed version and resumes a persisted update, before the boot.
    func resumeFirmware() async {
        guard let files else { return }
        firmware.installedVersion = await files.installer.installedVersion()
        perform(firmware.service.resumed(now: now))
    }

    /// A firmware timer or job reported back.
    func firmwareEvent(_ event: Firmware201Input) {
        switch event {
        case .downloadDue: perform(firmware.service.downloadDue())
        case .installDue: perform(firmware.service.installDue())
        case .downloadFinished(let job, let result):
            if job == firmware.jobNumber { perform(firmware.service.downloadFinished(result, now: now)) }
        case .verificationFinished(let job, let result):
            if job == firmware.jobNumber { perform(firmware.service.verificationFinished(result, now: now)) }
        case .installFinished(let job, let result):
            if job == firmware.jobNumber { perform(firmware.service.installFinished(result)) }
        case .rebootDue:
            log("rebooting after the firmware installation")
            exit = .reset
        }
    }

    /// After every input: holds new sessions (and reports the free connectors Unavailable) while
    /// an installation waits or runs, and starts it once no transaction runs and, while connected,
    /// the last TransactionEvent is delivered (the CSMS sees Ended before Installing; offline the
    /// durable queue keeps the events through the reboot). Each delivered event is a link input,
    /// so the check runs again as the queue drains.
    func firmwareAfterInput() {
        guard files != nil else { return }
        let ended = transactions.isEmpty && connectors.allSatisfy { $0.transaction == nil }
            && (!connected || firmware.service.update?.phase != .installPending || (try? queue.count()) == 0)
        perform(firmware.service.installIfReady(transactionsEnded: ended))
        let held = holdsNewSessionsForFirmware
        guard held != firmware.heldSessions else { return }
        firmware.heldSessions = held
        for connector in connectors { reportStatus(connectorId: connector.connectorId) }
    }

    /// Whether a firmware installation holds new sessions: it waits for the transactions to end,
    /// runs or reboots, and ChargingStation.AllowNewSessionsPendingFirmwareUpdate is not true.
    var holdsNewSessionsForFirmware: Bool {
        firmware.service.holdsNewSessions && model.value(.allowNewSessionsPendingFirmwareUpdate) != "true"
    }

    /// After an accepted BootNotification: Installed, when the reboot ended an installation.
    func firmwareBootAccepted() {
        perform(firmware.service.bootAccepted())
    }

    /// TriggerMessage(FirmwareStatusNotification): the step in progress, or Idle.
    func triggerFirmwareStatus() {
        perform([firmware.service.triggered()])
    }

    /// Performs the FirmwareService201's actions in order.
    func perform(_ actions: [FirmwareService201.Action]) {
        for action in actions {
            switch action {
            case .persist(let update):
                do {
                    try store.saveDocument(.ocpp201FirmwareUpdate, try update.map { try PayloadEncoding.encode($0) })
                } catch {
                    log("firmware update state not saved: \(error)")
                }
            case .notify(let status, let requestId):
                send(FirmwareStatusNotification.Request(status: status, requestId: requestId))
                if status == .installed {
                    // FirmwareUpdated is a critical event: written to the security log here; its
                    // SecurityEventNotification needs the 2.0.1 security events.
                    raiseSecurityEvent(.firmwareUpdated, techInfo: "firmware update \(requestId ?? 0) installed")
                }
            case .cancel:
                firmware.cancel()
            case .scheduleDownload(let date):
                firmwareTimer(at: date, .downloadDue)
            case .retryDownload(let seconds):
                firmware.timer?.cancel()
                firmware.timer = after(.seconds(seconds), .firmware(.downloadDue))
            case .scheduleInstall(let date):
                firmwareTimer(at: date, .installDue)
            case .download(let location, let file):
                guard let transfer = files?.transfer else { continue }
                let progress = ProgressLog(what: "firmware download", log: log)
                startFirmwareJob { number in
                    do throws(TransferError) {
                        try await transfer.download(from: location, to: file) { progress.report($0) }
                        return .downloadFinished(job: number, .success(()))
                    } catch {
                        return .downloadFinished(job: number, .failure(error))
                    }
                }
            case .verify(let file, let certificate, let signature):
                let (roots, date, reader) = (manufacturerRoots(), now.date, files?.reader)
                startFirmwareJob { number in
                    .verificationFinished(job: number, await FirmwareSignature.verifyImage(
                        at: file, signingCertificate: certificate, signature: signature, roots: roots, now: date, reader: reader
                    ))
                }
            case .invalidSignature(let reason):
                raiseSecurityEvent(.invalidFirmwareSignature, techInfo: reason)
            case .install(let file, let fileName):
                guard let installer = files?.installer else { continue }
                startFirmwareJob { number in
                    do throws(InstallError) {
                        return .installFinished(job: number, .success(try await installer.install(imageAt: file, fileName: fileName)))
                    } catch {
                        return .installFinished(job: number, .failure(error))
                    }
                }
            case .reboot:
                // After InstallRebooting: the outbox sends in order, so this runs once it went out.
                let continuation = inputs.continuation
                outbox.continuation.yield { continuation.yield(.firmware(.rebootDue)) }
            case .log(let line):
                log(line)
            }
        }
    }

    private func firmwareTimer(at date: Timestamp, _ input: Firmware201Input) {
        firmware.timer?.cancel()
        firmware.timer = after(.milliseconds(max(0, date.millisecondsSince1970 - now.millisecondsSince1970)), .firmware(input))
    }

    /// Runs `work` as the update's one job; its result comes back as an input with its number.
    private func startFirmwareJob(_ work: @escaping @Sendable (_ number: Int) async -> Firmware201Input) {
        firmware.job?.cancel()
        firmware.jobNumber += 1
        let (number, continuation) = (firmware.jobNumber, inputs.continuation)
        firmware.job = StationTask.spawn {
            let report = await work(number)
            if !Task.isCancelled { continuation.yield(.firmware(report)) }
        }
    }
}
