// Routing of SignedUpdateFirmware (Security extension): the signing certificate is checked
// against the installed ManufacturerRootCertificates before the answer; the update then runs
// through the FirmwareService like UpdateFirmware, with the image's signature checked as a job
// between download and installation.

import Crypto
import OCPP

extension Station {
    func signedUpdateFirmware(_ request: SignedUpdateFirmware.Request, id: MessageId) async -> Answer {
        guard let files else { return notSupported(id, .signedUpdateFirmware) }
        do throws(FirmwareVerificationError) {
            _ = try await FirmwareSignature.signingCertificate(
                request.firmware.signingCertificate.value, roots: certificates.certificates(.manufacturerRootCertificate), now: now.date
            )
        } catch {
            log("SignedUpdateFirmware \(request.requestId) refused: \(error)")
            raiseSecurityEvent(.invalidFirmwareSigningCertificate, techInfo: error.message)
            return .payload(SignedUpdateFirmware.Response(status: .invalidCertificate))
        }
        if firmware.isInstalling { return .payload(SignedUpdateFirmware.Response(status: .rejected)) }
        let replacing = firmware.update != nil
        perform(firmware.signedRequested(request, downloadDirectory: files.downloadDirectory))
        return .payload(SignedUpdateFirmware.Response(status: replacing ? .acceptedCanceled : .accepted))
    }

    /// Checks the signature of the downloaded image at `file` as a job (the image is read and
    /// hashed off the station's executor); the result comes back as `verificationFinished`.
    func verifySignedImage(file: String, _ signed: SignedFirmware) {
        let roots = certificates.certificates(.manufacturerRootCertificate)
        let date = now.date
        let reader = files?.reader
        jobs.start(.firmwareVerification) { [inputs] token in
            let result = await FirmwareSignature.verifyImage(
                at: file, signingCertificate: signed.signingCertificate, signature: signed.signature, roots: roots, now: date, reader: reader
            )
            inputs.continuation.yield(.job(token, .firmware(.verificationFinished(result))))
        }
    }
}
