// The checks of a signed firmware update (Security Whitepaper): the signing certificate must
// verify, valid now, to an installed ManufacturerRootCertificate; the image's signature is
// SHA-256 with RSA (PKCS#1 v1.5 or PSS) or ECDSA (DER, P-256 or P-384) by the certificate's key,
// base64 encoded.

import _CryptoExtras
import Crypto
import FoundationEssentials
@_spi(FixedExpiryValidationTime) import X509

/// Why a signed image does not verify.
struct FirmwareVerificationError: Error, Equatable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// The signed-firmware checks. Pure functions; call from any isolation.
enum FirmwareSignature {
    /// The signing certificate in `pem`, when it verifies at `now` to one of `roots`.
    static func signingCertificate(_ pem: String, roots: [Certificate], now: Date) async throws(FirmwareVerificationError) -> Certificate {
        guard !roots.isEmpty else { throw FirmwareVerificationError("no ManufacturerRootCertificate is installed") }
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: pem)
        } catch {
            throw FirmwareVerificationError("the signing certificate is not a PEM X.509 certificate")
        }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(fixedExpiryValidationTime: now) }
        guard case .validCertificate = await verifier.validate(leaf: certificate, intermediates: CertificateStore()) else {
            throw FirmwareVerificationError("the signing certificate is not valid now or does not chain to an installed ManufacturerRootCertificate")
        }
        return certificate
    }

    /// Checks that `signature` (base64) signs the image whose SHA-256 is `digest` with the key of
    /// `certificate`.
    static func verify(digest: SHA256Digest, signature: String, certificate: Certificate) throws(FirmwareVerificationError) {
        guard let bytes = Data(base64Encoded: signature, options: .ignoreUnknownCharacters), !bytes.isEmpty else {
            throw FirmwareVerificationError("the signature is not base64")
        }
        let valid: Bool
        if let key = P256.Signing.PublicKey(certificate.publicKey) {
            valid = (try? P256.Signing.ECDSASignature(derRepresentation: bytes)).map { key.isValidSignature($0, for: digest) } ?? false
        } else if let key = P384.Signing.PublicKey(certificate.publicKey) {
            valid = (try? P384.Signing.ECDSASignature(derRepresentation: bytes)).map { key.isValidSignature($0, for: digest) } ?? false
        } else if let key = _RSA.Signing.PublicKey(certificate.publicKey) {
            let rsa = _RSA.Signing.RSASignature(rawRepresentation: bytes)
            valid = key.isValidSignature(rsa, for: digest, padding: .insecurePKCS1v1_5) || key.isValidSignature(rsa, for: digest, padding: .PSS)
        } else {
            throw FirmwareVerificationError("the signing certificate's key is neither RSA nor ECDSA P-256/P-384")
        }
        guard valid else { throw FirmwareVerificationError("the signature does not match the image and the signing certificate") }
    }
}
