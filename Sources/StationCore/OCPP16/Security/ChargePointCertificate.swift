// The charge point certificate of security profile 3, as values and checks: a new P-256 key and
// its PEM certificate signing request (SignCertificate), and the checks of the chain that
// CertificateSigned brings before it replaces the installed one. No I/O: the station keeps the
// keys in its SecretFiles and sends the messages.
//
// Choices where the Security Whitepaper leaves one:
// - The key is ECDSA P-256 and the CSR is signed with ECDSA-SHA256; its subject is
//   CN = the charge point id, O = CpoName (O is left out while CpoName is empty).
// - CertificateSigned is accepted only when the chain is at most CertificateSignedMaxChainSize
//   characters, every PEM block in it is a certificate, the first one's key is the pending key,
//   and the chain verifies (valid now) to an installed CentralSystemRootCertificate or the station
//   file's central system CA (the roots the link trusts).
// - The key and the chain are stored together in one file, so a power cut never leaves a key
//   with another key's certificate.

import Crypto
import FoundationEssentials
import OCPP
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// A new key and the CSR that asks the central system to certify it.
struct CertificateRequest: Sendable {
    /// The private key, PEM (PKCS#8). Secret: stored 0600, never logged.
    let privateKeyPEM: String
    /// The PEM certificate signing request.
    let csrPEM: String

    /// Generates a P-256 key and a CSR with CN = `chargePointId` and O = `organization`.
    init(chargePointId: String, organization: String) throws {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            CommonName(chargePointId)
            if !organization.isEmpty { OrganizationName(organization) }
        }
        let csr = try CertificateSigningRequest(
            version: .v1, subject: subject, privateKey: Certificate.PrivateKey(key), attributes: CertificateSigningRequest.Attributes(),
            signatureAlgorithm: .ecdsaWithSHA256
        )
        privateKeyPEM = key.pemRepresentation
        csrPEM = try csr.serializeAsPEM().pemString
    }
}

/// Why a CertificateSigned chain was refused (each becomes InvalidChargePointCertificate).
enum ChargePointCertificateRefusal: Error, Equatable, CustomStringConvertible {
    case noPendingRequest
    case tooLong(characters: Int, maximum: Int)
    case unreadable(String)
    case keyMismatch
    case notTrusted

    var description: String {
        switch self {
        case .noPendingRequest: "no SignCertificate request is pending"
        case .tooLong(let characters, let maximum): "the chain has \(characters) characters, CertificateSignedMaxChainSize is \(maximum)"
        case .unreadable(let why): "not a PEM certificate chain (\(why))"
        case .keyMismatch: "the certificate is not for the key of the pending request"
        case .notTrusted: "the chain is not valid now or does not end in an installed CentralSystemRootCertificate"
        }
    }
}

/// The charge point's credentials: its private key and the chain that certifies it.
public struct ChargePointCredentials: Sendable, Equatable {
    /// The private key, PEM. Secret.
    public let privateKeyPEM: String
    /// The certificate chain, PEM, the charge point certificate first.
    public let certificateChainPEM: String

    /// The file content: the key, then the chain.
    var fileContent: [UInt8] { Array((privateKeyPEM + "\n" + certificateChainPEM).utf8) }

    /// Reads the credentials from `bytes` (the key first, then the certificates); nil when they
    /// are unreadable or the first certificate is not for the key.
    init?(fileContent bytes: [UInt8]) {
        guard let documents = try? PEMDocument.parseMultiple(pemString: String(decoding: bytes, as: UTF8.self)),
              let keyDocument = documents.first(where: { $0.discriminator.hasSuffix("PRIVATE KEY") }),
              let key = try? Certificate.PrivateKey(pemDocument: keyDocument) else { return nil }
        let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }
        guard let first = certificates.first, let leaf = try? Certificate(pemDocument: first), leaf.publicKey == key.publicKey else { return nil }
        privateKeyPEM = keyDocument.pemString
        certificateChainPEM = certificates.map(\.pemString).joined(separator: "\n")
    }

    init(privateKeyPEM: String, certificateChainPEM: String) {
        self.privateKeyPEM = privateKeyPEM
        self.certificateChainPEM = certificateChainPEM
    }

    /// The installed credentials in `files`, for the link's client identity (profile 3); nil when
    /// none are installed. Call from any isolation.
    public static func installed(in files: any SecretFiles) -> ChargePointCredentials? {
        guard let bytes = try? files.load(.chargePointCredentials) else { return nil }
        return ChargePointCredentials(fileContent: bytes)
    }

    /// When the charge point certificate expires (nil when unreadable).
    var expiry: Date? {
        guard let document = try? PEMDocument.parseMultiple(pemString: certificateChainPEM).first else { return nil }
        return (try? Certificate(pemDocument: document))?.notValidAfter
    }

    /// Checks a CertificateSigned chain against the pending key and the installed roots, valid
    /// at `now`; returns the credentials to install.
    static func check(
        chain: String, pendingKeyPEM: String?, roots: [Certificate], now: Date, maximumCharacters: Int
    ) async throws(ChargePointCertificateRefusal) -> ChargePointCredentials {
        guard let pendingKeyPEM, let key = try? Certificate.PrivateKey(pemEncoded: pendingKeyPEM) else { throw .noPendingRequest }
        let length = chain.unicodeScalars.count
        if maximumCharacters > 0, length > maximumCharacters { throw .tooLong(characters: length, maximum: maximumCharacters) }
        let certificates: [Certificate]
        do {
            let documents = try PEMDocument.parseMultiple(pemString: chain)
            certificates = try documents.map { try Certificate(pemDocument: $0) }
        } catch {
            throw .unreadable("\(error)".prefix(120).description)
        }
        guard let leaf = certificates.first else { throw .unreadable("no certificate") }
        guard leaf.publicKey == key.publicKey else { throw .keyMismatch }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(fixedExpiryValidationTime: now) }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(certificates.dropFirst()))
        guard case .validCertificate = result else { throw .notTrusted }
        return ChargePointCredentials(privateKeyPEM: pendingKeyPEM, certificateChainPEM: chain)
    }
}
