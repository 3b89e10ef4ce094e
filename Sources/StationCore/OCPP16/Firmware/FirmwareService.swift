// Firmware Management, firmware side, as a value: UpdateFirmware waits for retrieveDate,
// downloads with retries, waits for the connectors to be free (no new sessions meanwhile),
// installs and reboots; Installed is reported after the next boot. Every step is persisted (the
// owner saves `document` before acting on a step), so a power cut resumes the update instead of
// losing it. No I/O: the owner performs the returned actions.
//
// Choices where OCPP 1.6 leaves one:
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s. `retries: 0` still downloads once.
// - A new UpdateFirmware replaces an update that has not started installing.
// - A download cut by a power loss counts as a failed attempt and is retried.
// - A signed update (SignedUpdateFirmware) takes the same steps, reported with
//   SignedFirmwareStatusNotification, plus the signature check of the downloaded image before
//   it may be installed (SignatureVerified, or InvalidSignature which ends the update); a check
//   cut by a power loss runs again.

import OCPP

/// A firmware update in progress, as persisted.
struct FirmwareUpdate: OCPPPayload {
    enum Phase: String, Codable, Sendable {
        /// Waiting for retrieveDate, or for the next attempt.
        case scheduled
        /// A download runs.
        case downloading
        /// A signed image is here; its signature is being checked.
        case verifying
        /// The image is here (and its signature checked); waiting for free connectors.
        case downloaded
        /// The installer runs.
        case installing
        /// Installed; Installed is sent after the reboot.
        case installed
    }

    var location: String
    var retrieveDate: Timestamp
    var attemptsLeft: Int
    var retryInterval: Int
    var phase: Phase
    /// Where the image is downloaded to.
    var file: String
    /// What verifies a signed update's image (nil: an unsigned UpdateFirmware).
    var signed: SignedFirmware?
}

/// How a signed image is verified, and the request it answers (persisted with the update).
struct SignedFirmware: OCPPPayload, Equatable {
    /// The SignedUpdateFirmware's requestId.
    var requestId: Int
    /// The PEM signing certificate (checked against the ManufacturerRootCertificates on arrival).
    var signingCertificate: String
    /// The base64 signature of the image.
    var signature: String
}

/// The firmware update of the station. Owned by the Station actor.
struct FirmwareService {
    /// What the owner must do, in order.
    enum Action: Equatable {
        /// Save the update's state (nil: none) before going on.
        case persist(FirmwareUpdate?)
        /// Send FirmwareStatusNotification with this status.
        case notify(FirmwareStatusNotification.FirmwareStatus)
        /// Send SignedFirmwareStatusNotification with this status and request id.
        case notifySigned(SignedFirmwareStatusNotification.FirmwareStatus, requestId: Int?)
        /// Check the signature of the image at `file`.
        case verify(file: String, SignedFirmware)
        /// Raise the InvalidFirmwareSignature security event.
        case invalidSignature(String)
        /// Fire `firmwareDownload` at this wall time (or after this many seconds).
        case scheduleDownload(at: Timestamp)
        case retryDownload(afterSeconds: Int)
        /// Abandon a running download (its report will be dropped).
        case cancelDownload
        /// Download `location` to `file`.
        case download(location: String, file: String)
        /// Install the image at `file`, named `fileName` where it came from.
        case install(file: String, fileName: String)
        /// Reboot once the notifications are out (bounded).
        case reboot
        case log(String)
    }

    /// The update in progress (persisted on every step).
    private(set) var update: FirmwareUpdate?
    /// What a triggered FirmwareStatusNotification reports: the step in progress, or Idle.
    private(set) var status: FirmwareStatusNotification.FirmwareStatus = .idle
    /// What a triggered SignedFirmwareStatusNotification reports: the step of a signed update in
    /// progress (with its request id), or Idle.
    private(set) var signedStatus: (status: SignedFirmwareStatusNotification.FirmwareStatus, requestId: Int?) = (.idle, nil)
    /// FirmwareStatusNotifications handed to the outbox and not sent yet (a reboot after an
    /// installation waits for Installing to go out).
    private(set) var notificationsInFlight = 0
    /// The version the installer reports (BootNotification's firmwareVersion), once read.
    var installedVersion: String?

    /// The update read from its stored document (none when nil).
    init(stored: JSONValue?) throws(PayloadError) {
        update = try stored.map { json throws(PayloadError) in try PayloadDecoding.decode(FirmwareUpdate.self, from: json) }
    }

    /// The attempts of a transfer whose request says `retries` (3 when absent, at least 1).
    static func transferAttempts(_ retries: Int?) -> Int { max(1, retries ?? 3) }

    /// The seconds between a transfer's attempts when the request says `retryInterval` (60 when
    /// absent).
    static func transferRetryInterval(_ retryInterval: Int?) -> Int { max(0, retryInterval ?? 60) }

    /// Whether the update keeps new sessions from starting (downloaded or installing).
    var blocksSessions: Bool {
        guard let phase = update?.phase else { return false }
        return phase == .verifying || phase == .downloaded || phase == .installing || phase == .installed
    }

    // MARK: Events

    /// UpdateFirmware: a new update (into `downloadDirectory`), unless an installation runs.
    mutating func requested(_ request: UpdateFirmware.Request, downloadDirectory: String) -> [Action] {
        if isInstalling {
            return [.log("UpdateFirmware ignored: an installation is in progress")]
        }
        let new = FirmwareUpdate(
            location: request.location.value, retrieveDate: request.retrieveDate, attemptsLeft: Self.transferAttempts(request.retries),
            retryInterval: Self.transferRetryInterval(request.retryInterval), phase: .scheduled,
            file: downloadDirectory + "/firmware-\(request.retrieveDate.millisecondsSince1970).img"
        )
        return start(new)
    }

    /// Whether an installation runs or waits for its reboot (a new update is then refused).
    var isInstalling: Bool { update?.phase == .installing || update?.phase == .installed }

    /// SignedUpdateFirmware whose signing certificate was checked: a new signed update (into
    /// `downloadDirectory`), unless an installation runs (the caller answers Rejected then).
    mutating func signedRequested(_ request: SignedUpdateFirmware.Request, downloadDirectory: String) -> [Action] {
        guard !isInstalling else { return [.log("SignedUpdateFirmware ignored: an installation is in progress")] }
        let firmware = request.firmware
        let new = FirmwareUpdate(
            location: firmware.location.value, retrieveDate: firmware.retrieveDateTime, attemptsLeft: Self.transferAttempts(request.retries),
            retryInterval: Self.transferRetryInterval(request.retryInterval), phase: .scheduled,
            file: downloadDirectory + "/firmware-\(request.requestId).img",
            signed: SignedFirmware(requestId: request.requestId, signingCertificate: firmware.signingCertificate.value, signature: firmware.signature.value)
        )
        return start(new)
    }

    private mutating func start(_ new: FirmwareUpdate) -> [Action] {
        update = new
        return [
            .cancelDownload, .persist(new),
            .log("firmware update from \(TransferURL(new.location).redacted) scheduled for \(new.retrieveDate)"),
            .scheduleDownload(at: new.retrieveDate),
        ]
    }

    /// After a (re)boot: resume the persisted update.
    mutating func resumed() -> [Action] {
        guard var current = update else { return [] }
        switch current.phase {
        case .scheduled:
            return [.scheduleDownload(at: current.retrieveDate)]
        case .downloading:
            return attemptFailed(why: "cut by a reboot", retryAfter: 0)
        case .verifying:
            return current.signed.map { [.verify(file: current.file, $0)] } ?? []
        case .downloaded, .installing:
            // An installation cut by a power loss is started again from the downloaded image.
            current.phase = .downloaded
            update = current
            return [.persist(current)]
        case .installed:
            return []   // Installed is sent once the BootNotification is accepted.
        }
    }

    /// The timer for the next download attempt fired.
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

    /// The download ended.
    mutating func downloadFinished(_ result: Result<Void, TransferError>) -> [Action] {
        guard var current = update, current.phase == .downloading else { return [] }
        switch result {
        case .success:
            if let signed = current.signed {
                current.phase = .verifying
                update = current
                return [.persist(current), notify(.downloaded), .log("firmware downloaded to \(current.file); checking its signature"), .verify(file: current.file, signed)]
            }
            current.phase = .downloaded
            update = current
            return [.persist(current), notify(.downloaded), .log("firmware downloaded to \(current.file); installing once no transaction runs")]
        case .failure(let error):
            return attemptFailed(why: "failed: \(error)", retryAfter: current.retryInterval)
        }
    }

    /// The signature check of a signed image ended (`failure`: why it does not verify).
    mutating func verificationFinished(_ result: Result<Void, FirmwareVerificationError>) -> [Action] {
        guard var current = update, current.phase == .verifying, let signed = current.signed else { return [] }
        switch result {
        case .success:
            current.phase = .downloaded
            update = current
            signedStatus = (.signatureVerified, signed.requestId)
            notificationsInFlight += 1
            return [
                .persist(current), .notifySigned(.signatureVerified, requestId: signed.requestId),
                .log("firmware signature verified; installing once no transaction runs"),
            ]
        case .failure(let error):
            return [.log("firmware signature invalid: \(error)"), .invalidSignature(error.message)] + finish(signedOnly: .invalidSignature)
        }
    }

    /// Called after every input: starts the installation once the image is here and no
    /// transaction runs (`connectorsFree`).
    mutating func installIfReady(connectorsFree: Bool) -> [Action] {
        guard connectorsFree, var current = update, current.phase == .downloaded else { return [] }
        current.phase = .installing
        update = current
        return [.persist(current), notify(.installing), .install(file: current.file, fileName: TransferURL(current.location).fileName)]
    }

    /// The installer finished.
    mutating func installFinished(_ result: Result<String, InstallError>) -> [Action] {
        guard var current = update, current.phase == .installing else { return [] }
        switch result {
        case .success(let version):
            current.phase = .installed
            update = current
            return [.persist(current), .log("firmware \(version) installed; rebooting"), .reboot]
        case .failure(let error):
            return [.log("firmware installation failed: \(error)")] + finish(.installationFailed)
        }
    }

    /// After an accepted BootNotification: report an installation that finished before the reboot.
    mutating func bootAccepted() -> [Action] {
        guard update?.phase == .installed else { return [] }
        return finish(.installed)
    }

    /// TriggerMessage(FirmwareStatusNotification): the step in progress, or Idle.
    mutating func triggered() -> [Action] {
        notificationsInFlight += 1
        return [.notify(status)]
    }

    /// ExtendedTriggerMessage(FirmwareStatusNotification): the step of a signed update in
    /// progress, or Idle.
    mutating func triggeredSigned() -> [Action] {
        notificationsInFlight += 1
        return [.notifySigned(signedStatus.status, requestId: signedStatus.status == .idle ? nil : signedStatus.requestId)]
    }

    /// A FirmwareStatusNotification was answered (or could not be sent).
    mutating func notificationSent() {
        notificationsInFlight -= 1
    }

    // MARK: Steps

    private mutating func attemptFailed(why: String, retryAfter seconds: Int) -> [Action] {
        guard var current = update else { return [] }
        current.attemptsLeft -= 1
        let logged = Action.log("firmware download \(why); \(current.attemptsLeft) attempts left")
        guard current.attemptsLeft > 0 else { return [logged] + finish(.downloadFailed) }
        current.phase = .scheduled
        update = current
        return [logged, .persist(current), .retryDownload(afterSeconds: seconds)]
    }

    private mutating func finish(_ final: FirmwareStatusNotification.FirmwareStatus) -> [Action] {
        let actions: [Action] = [.persist(nil), notify(final)]
        update = nil
        status = .idle
        signedStatus = (.idle, nil)
        return actions
    }

    /// Ends a signed update with a status that only SignedFirmwareStatusNotification has.
    private mutating func finish(signedOnly final: SignedFirmwareStatusNotification.FirmwareStatus) -> [Action] {
        let requestId = update?.signed?.requestId
        update = nil
        status = .idle
        signedStatus = (.idle, nil)
        notificationsInFlight += 1
        return [.persist(nil), .notifySigned(final, requestId: requestId)]
    }

    /// The notification of `step`: FirmwareStatusNotification, or SignedFirmwareStatusNotification
    /// for a signed update (every plain status has a signed one of the same name).
    private mutating func notify(_ step: FirmwareStatusNotification.FirmwareStatus) -> Action {
        status = step
        notificationsInFlight += 1
        guard let signed = update?.signed, let signedStep = SignedFirmwareStatusNotification.FirmwareStatus(rawValue: step.rawValue) else {
            return .notify(step)
        }
        signedStatus = (signedStep, signed.requestId)
        return .notifySigned(signedStep, requestId: signed.requestId)
    }
}
