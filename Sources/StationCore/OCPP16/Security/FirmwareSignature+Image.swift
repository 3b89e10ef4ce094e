// The whole check of a downloaded signed image, for either OCPP version: the signing certificate
// against the ManufacturerRootCertificates, then the image (read and hashed in pieces) against
// the signature.

import Crypto
import FoundationEssentials
@_spi(FixedExpiryValidationTime) import X509

extension FirmwareSignature {
    /// Checks the image at `file` (read through `reader`) against `signature` (base64) made by
    /// the key of `signingCertificate` (PEM), which must verify at `now` to one of `roots`. Call
    /// off the station's executor (it reads the whole image).
    static func verifyImage(
        at file: String, signingCertificate: String, signature: String, roots: [Certificate], now: Date, reader: (any FileReader)?
    ) async -> Result<Void, FirmwareVerificationError> {
        do throws(FirmwareVerificationError) {
            guard let reader else { throw FirmwareVerificationError("this station cannot read downloaded images") }
            let certificate = try await Self.signingCertificate(signingCertificate, roots: roots, now: now)
            var hasher = SHA256()
            do {
                try await reader.read(fileAt: file) { hasher.update(bufferPointer: $0) }
            } catch {
                throw FirmwareVerificationError("the image could not be read: \(error)")
            }
            try verify(digest: hasher.finalize(), signature: signature, certificate: certificate)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}
