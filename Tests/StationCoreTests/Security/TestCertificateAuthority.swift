// A certificate authority for the security tests, made with swift-certificates: a P-256 CA valid
// 2020-2120 that signs the station's CSRs (or any public key) into leaf certificates.

import Crypto
import FoundationEssentials
import X509

struct TestCertificateAuthority {
    let key = P256.Signing.PrivateKey()
    let certificate: Certificate
    private let name: DistinguishedName

    init(name commonName: String = "Test CSMS CA") throws {
        name = try DistinguishedName { CommonName(commonName) }
        certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: Date(timeIntervalSince1970: 1_577_836_800), notValidAfter: Date(timeIntervalSince1970: 4_733_510_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions { Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil)) },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
    }

    var pem: String { get throws { try certificate.serializeAsPEM().pemString } }

    /// A leaf certificate for `publicKey` with `subject`, valid from `notBefore` to `notAfter`.
    func issue(
        for publicKey: Certificate.PublicKey, subject: DistinguishedName,
        notBefore: Date = Date(timeIntervalSince1970: 1_577_836_800), notAfter: Date = Date(timeIntervalSince1970: 4_733_510_400)
    ) throws -> String {
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey, notValidBefore: notBefore, notValidAfter: notAfter,
            issuer: name, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions { Critical(BasicConstraints.notCertificateAuthority) }, issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return try leaf.serializeAsPEM().pemString
    }

    /// The leaf certificate answering `csrPEM` (its key and subject).
    func sign(csr csrPEM: String) throws -> String {
        let csr = try CertificateSigningRequest(pemEncoded: csrPEM)
        return try issue(for: csr.publicKey, subject: csr.subject)
    }
}
