// OCPP 2.0.1 Firmware management (L01, L02) as a value: UpdateFirmware waits for
// retrieveDateTime, downloads with retries, checks the signature when one is given, waits for
// installDateTime and for the transactions to end, installs, reboots, and reports Installed after
// the boot. Every step is persisted (the owner saves `document` before acting on it), so a kill -9
// resumes the update. No I/O: the owner performs the returned actions.
//
// Choices where the specification leaves one (also in the README):
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s (as 1.6). No DownloadScheduled
//   before a retry, only before a retrieveDateTime in the future.
// - A new UpdateFirmware cancels an update that has not started installing (AcceptedCanceled; the
//   cancelled update sends nothing more); during the installation or the reboot it is Rejected.
// - The installer's failure is InstallationFailed (it does not tell a failed verification apart,
//   so InstallVerificationFailed is not sent); a download cut by a kill -9 is a failed attempt; a
//   signature check or an installation cut by one runs again.

import OCPP201
import struct OCPP.Timestamp
import protocol OCPP.OCPPPayload

/// A 2.0.1 firmware update in progress, as persisted.
struct FirmwareUpdate201: OCPPPayload, Equatable {
    enum Phase: String, Codable, Sendable {
        /// Waiting for retrieveDateTime, or for the next attempt.
        case scheduled
        case downloading
        /// The image is here; its signature is being checked.
        case verifying
        /// The image is ready; waiting for installDateTime.
        case installScheduled
        /// Waiting for the transactions to end (new sessions are held meanwhile).
        case installPending
        case installing
        /// Installed; the station reboots and reports Installed after the boot.
        case rebooting
    }

    var requestId: Int
    var location: String
    var retrieveDate: Timestamp
    var installDate: Timestamp?
    var attemptsLeft: Int
    var retryInterval: Int
    var phase: Phase
    /// Where the image is downloaded to.
    var file: String
    /// The PEM signing certificate and base64 signature, when the update is signed.
    var signingCertificate: String?
    var signature: String?
}

/// The firmware update of a 2.0.1 station. Owned by the Station201 actor.
struct FirmwareService201 {
    typealias Status = FirmwareStatusNotification.FirmwareStatus

    /// What the owner must do, in order.
    enum Action: Equatable {
        /// Save the update's state (nil: none) before going on.
        case persist(FirmwareUpdate201?)
        /// Send FirmwareStatusNotification.
        case notify(Status, requestId: Int?)
        /// Stop the timer and the job of the update being replaced.
        case cancel
        /// Fire the download timer at this time.
        case scheduleDownload(at: Timestamp)
        case retryDownload(afterSeconds: Int)
        /// Fire the install timer at this time.
        case scheduleInstall(at: Timestamp)
        case download(location: String, file: String)
        /// Check the image at `file` against the signature made by `certificate`.
        case verify(file: String, certificate: String, signature: String)
        /// The signature does not match (the InvalidFirmwareSignature security event).
        case invalidSignature(String)
        /// Install the image at `file`, named `fileName` where it came from.
        case install(file: String, fileName: String)
        /// Reboot once the notifications before it went out.
        case reboot
        case log(String)
    }

    /// The update in progress.
    private(set) var update: FirmwareUpdate201?
    /// What a triggered FirmwareStatusNotification reports: the last step of the update in
    /// progress, or Idle.
    private(set) var status: Status = .idle

    /// The update read from its stored document (none when nil).
    init(stored: FirmwareUpdate201?) {
        update = stored
        status = stored.map { Self.status(of: $0) } ?? .idle
    }

    /// The step a stored update was at (what a trigger reports after a reboot).
    static func status(of update: FirmwareUpdate201) -> Status {
        switch update.phase {
        case .scheduled: .downloadScheduled
        case .downloading: .downloading
        case .verifying: .downloaded
        case .installScheduled: .installScheduled
        case .installPending: update.signature == nil ? .downloaded : .signatureVerified
        case .installing: .installing
        case .rebooting: .installRebooting
        }
    }

    /// Whether the update holds new sessions (the image is ready and waits for the transactions
    /// to end, or installs, or the station reboots).
    var holdsNewSessions: Bool {
        guard let phase = update?.phase else { return false }
        return phase == .installPending || phase == .installing || phase == .rebooting
    }

    /// Whether the station boots after this update's installation.
    var isRebooting: Bool { update?.phase == .rebooting }

    // MARK: Events

    /// UpdateFirmware (its signing certificate, if any, already checked) at `now`, downloading
    /// into `directory`: the answer, and the actions.
    mutating func requested(_ request: UpdateFirmware.Request, now: Timestamp, directory: String) -> (UpdateFirmware.UpdateFirmwareStatus, [Action]) {
        if let phase = update?.phase, phase == .installing || phase == .rebooting {
            return (.rejected, [.log("UpdateFirmware \(request.requestId) rejected: an installation is in progress")])
        }
        let replaced = update?.requestId
        let firmware = request.firmware
        let new = FirmwareUpdate201(
            requestId: request.requestId, location: firmware.location.value, retrieveDate: firmware.retrieveDateTime,
            installDate: firmware.installDateTime, attemptsLeft: FirmwareService.transferAttempts(request.retries),
            retryInterval: FirmwareService.transferRetryInterval(request.retryInterval), phase: .scheduled,
            file: directory + "/firmware-\(request.requestId).img", signingCertificate: firmware.signingCertificate?.value, signature: firmware.signature?.value
        )
        update = new
        var actions: [Action] = [.cancel, .persist(new)]
        if let replaced { actions.append(.log("firmware update \(replaced) cancelled for UpdateFirmware \(request.requestId)")) }
        actions.append(.log("firmware update \(request.requestId) from \(TransferURL(new.location).redacted), retrieve at \(new.retrieveDate)"))
        if new.retrieveDate.millisecondsSince1970 > now.millisecondsSince1970 {
            actions.append(notify(.downloadScheduled))
        }
        actions.append(.scheduleDownload(at: new.retrieveDate))
        return (replaced == nil ? .accepted : .acceptedCanceled, actions)
    }

    /// After a (re)boot at `now`: resume the persisted update.
    mutating func resumed(now: Timestamp) -> [Action] {
        guard var current = update else { return [] }
        switch current.phase {
        case .scheduled:
            return [.scheduleDownload(at: current.retrieveDate)]
        case .downloading:
            return attemptFailed(why: "cut by a reboot", retryAfter: 0)
        case .verifying:
            return verification(current)
        case .installScheduled:
            return [.scheduleInstall(at: current.installDate ?? now)]
        case .installPending, .rebooting:
            return []
        case .installing:
            // An installation cut by a power loss starts again from the downloaded image.
            current.phase = .installPending
            update = current
            return [.persist(current)]
        }
    }

    /// The download timer fired.
    mutating func downloadDue() -> [Action] {
        guard var current = update, current.phase == .scheduled else { return [] }
        current.phase = .downloading
        update = current
        return [
            .persist(current), notify(.downloading),
            .log("firmware download from \(TransferURL(current.location).redacted) (\(current.attemptsLeft) attempts left)"),
            .download(location: current.location, file: current.file),
        ]
    }

    /// The download ended at `now`.
    mutating func downloadFinished(_ result: Result<Void, TransferError>, now: Timestamp) -> [Action] {
        guard var current = update, current.phase == .downloading else { return [] }
        switch result {
        case .success:
            let downloaded = notify(.downloaded)
            if current.signature != nil {
                current.phase = .verifying
                update = current
                return [.persist(current), downloaded] + verification(current)
            }
            return [downloaded] + ready(now: now)
        case .failure(let error):
            return attemptFailed(why: "failed: \(error)", retryAfter: current.retryInterval)
        }
    }

    /// The signature check ended at `now`.
    mutating func verificationFinished(_ result: Result<Void, FirmwareVerificationError>, now: Timestamp) -> [Action] {
        guard update?.phase == .verifying else { return [] }
        switch result {
        case .success:
            return [notify(.signatureVerified)] + ready(now: now)
        case .failure(let error):
            return [.log("firmware signature invalid: \(error)"), .invalidSignature(error.message)] + finish(.invalidSignature)
        }
    }

    /// The install timer fired.
    mutating func installDue() -> [Action] {
        guard var current = update, current.phase == .installScheduled else { return [] }
        current.phase = .installPending
        update = current
        return [.persist(current), .log("firmware \(current.requestId): installing once no transaction runs")]
    }

    /// Called after every input: starts the installation once it is due and no transaction runs.
    mutating func installIfReady(transactionsEnded: Bool) -> [Action] {
        guard transactionsEnded, var current = update, current.phase == .installPending else { return [] }
        current.phase = .installing
        update = current
        return [.persist(current), notify(.installing), .install(file: current.file, fileName: TransferURL(current.location).fileName)]
    }

    /// The installer finished.
    mutating func installFinished(_ result: Result<String, InstallError>) -> [Action] {
        guard var current = update, current.phase == .installing else { return [] }
        switch result {
        case .success(let version):
            current.phase = .rebooting
            update = current
            return [.persist(current), notify(.installRebooting), .log("firmware \(version) installed; rebooting"), .reboot]
        case .failure(let error):
            return [.log("firmware installation failed: \(error)")] + finish(.installationFailed)
        }
    }

    /// After an accepted BootNotification: report the installation the reboot completed.
    mutating func bootAccepted() -> [Action] {
        guard update?.phase == .rebooting else { return [] }
        return finish(.installed)
    }

    /// TriggerMessage(FirmwareStatusNotification): the last step of the update in progress (with
    /// its requestId), or Idle.
    func triggered() -> Action {
        guard let update, status != .idle else { return .notify(.idle, requestId: nil) }
        return .notify(status, requestId: update.requestId)
    }

    // MARK: Steps

    private func verification(_ current: FirmwareUpdate201) -> [Action] {
        guard let signature = current.signature else { return [] }
        return [.verify(file: current.file, certificate: current.signingCertificate ?? "", signature: signature)]
    }

    /// The image is ready (downloaded, its signature checked): install now or at installDateTime.
    private mutating func ready(now: Timestamp) -> [Action] {
        guard var current = update else { return [] }
        if let installDate = current.installDate, installDate.millisecondsSince1970 > now.millisecondsSince1970 {
            current.phase = .installScheduled
            update = current
            return [.persist(current), notify(.installScheduled), .scheduleInstall(at: installDate)]
        }
        current.phase = .installPending
        update = current
        return [.persist(current), .log("firmware \(current.requestId) ready; installing once no transaction runs")]
    }

    private mutating func attemptFailed(why: String, retryAfter seconds: Int) -> [Action] {
        guard var current = update else { return [] }
        current.attemptsLeft -= 1
        let logged = Action.log("firmware download \(why); \(current.attemptsLeft) attempts left")
        guard current.attemptsLeft > 0 else { return [logged] + finish(.downloadFailed) }
        current.phase = .scheduled
        update = current
        return [logged, .persist(current), .retryDownload(afterSeconds: seconds)]
    }

    private mutating func finish(_ final: Status) -> [Action] {
        let requestId = update?.requestId
        update = nil
        status = .idle
        return [.persist(nil), .notify(final, requestId: requestId)]
    }

    private mutating func notify(_ step: Status) -> Action {
        status = step
        return .notify(step, requestId: update?.requestId)
    }
}
