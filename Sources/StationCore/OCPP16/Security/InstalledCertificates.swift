// The root certificates installed by the central system (InstallCertificate, 1.6 or 2.0.1):
// CentralSystemRoot (2.0.1: CSMSRoot) certificates that the link trusts, ManufacturerRoot
// certificates that signed firmware must chain to, and 2.0.1's MORoot and V2GRoot certificates.
// A value, persisted whole as one store document on every change; both versions share it.
//
// Choices where the Security Whitepaper leaves one:
// - A certificate is installed only when it parses, is valid now (not before notBefore, not after
//   notAfter) and is a CA (basicConstraints CA:TRUE); anything else is Rejected.
// - CertificateStoreMaxLength counts the certificates of both kinds; a new certificate beyond it
//   is Rejected. Installing a certificate that is already installed is Accepted and stores nothing.
// - issuerKeyHash is the issuer's key: the certificate's own when it is self-issued, an installed
//   certificate's whose subject is its issuer otherwise, and its own when none is installed.

import FoundationEssentials
import OCPP
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// What an installed root certificate is for, whatever OCPP version installed it. Stored with
/// the 1.6 names (the document 1.6 stations wrote before 2.0.1 existed reads unchanged).
enum InstalledCertificateKind: String, Sendable, Codable, CaseIterable {
    /// The root of the central system's server certificate (1.6 CentralSystemRoot, 2.0.1 CSMSRoot).
    case centralSystemRoot = "CentralSystemRootCertificate"
    /// The root of the manufacturer's firmware signing certificate.
    case manufacturerRoot = "ManufacturerRootCertificate"
    /// A mobility operator's root (2.0.1, ISO 15118 contract certificates).
    case moRoot = "MORootCertificate"
    /// The V2G root (2.0.1, ISO 15118).
    case v2gRoot = "V2GRootCertificate"

    /// The kind of a 1.6 certificate use.
    init(_ use: CertificateUse) {
        switch use {
        case .centralSystemRootCertificate: self = .centralSystemRoot
        case .manufacturerRootCertificate: self = .manufacturerRoot
        }
    }
}

/// One installed root certificate, as stored.
struct InstalledCertificate: OCPPPayload, Equatable {
    var use: InstalledCertificateKind
    /// The PEM text as the central system sent it.
    var pem: String
}

/// The stored document of the installed certificates.
struct InstalledCertificateList: OCPPPayload {
    var certificates: [InstalledCertificate]
}

/// The installed root certificates. Owned by the Station actor.
struct InstalledCertificates {
    /// Why a certificate was not installed.
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case notValidNow
        case notACertificateAuthority
        case storeFull(maximum: Int)

        var description: String {
            switch self {
            case .unreadable(let why): "not a PEM X.509 certificate (\(why))"
            case .notValidNow: "not valid now (expired or not yet valid)"
            case .notACertificateAuthority: "not a CA certificate (basicConstraints CA:TRUE is missing)"
            case .storeFull(let maximum): "the certificate store is full (CertificateStoreMaxLength \(maximum))"
            }
        }
    }

    private(set) var entries: [InstalledCertificate]

    /// No certificates.
    init() {
        entries = []
    }

    /// The certificates read from their stored document (none when nil).
    init(stored: JSONValue?) throws(PayloadError) {
        entries = try stored.map { json throws(PayloadError) in try PayloadDecoding.decode(InstalledCertificateList.self, from: json).certificates } ?? []
    }

    /// The document to store.
    var document: JSONValue { FrameEncoder.payload(InstalledCertificateList(certificates: entries)) }

    /// The PEM texts of the installed certificates of `use`, oldest first.
    func pems(_ use: InstalledCertificateKind) -> [String] {
        entries.filter { $0.use == use }.map(\.pem)
    }

    /// The parsed certificates of `use` (an entry that no longer parses is left out).
    func certificates(_ use: InstalledCertificateKind) -> [Certificate] {
        pems(use).compactMap { try? Certificate(pemEncoded: $0) }
    }

    /// The hash data of the installed certificates of `use`, in installation order.
    func hashData(_ use: InstalledCertificateKind) -> [CertificateHashData] {
        entries.indices.filter { entries[$0].use == use }.compactMap { hashData(at: $0) }
    }

    /// Checks and adds `pem` as a certificate of `use`, valid at `now`, when fewer than `maximum`
    /// certificates are installed (`maximum` ≤ 0: no limit). Returns whether it was new.
    mutating func install(_ pem: String, as use: InstalledCertificateKind, now: Date, maximum: Int) async throws(Refusal) -> Bool {
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: pem)
        } catch {
            throw .unreadable("\(error)".prefix(120).description)
        }
        guard Self.isAuthority(certificate) else { throw .notACertificateAuthority }
        var verifier = Verifier(rootCertificates: CertificateStore([certificate])) { RFC5280Policy(fixedExpiryValidationTime: now) }
        guard case .validCertificate = await verifier.validate(leaf: certificate, intermediates: CertificateStore()) else { throw .notValidNow }
        if entries.contains(where: { $0.use == use && (try? Certificate(pemEncoded: $0.pem)) == certificate }) { return false }
        if maximum > 0, entries.count >= maximum { throw .storeFull(maximum: maximum) }
        entries.append(InstalledCertificate(use: use, pem: pem))
        return true
    }

    /// Removes the certificate that `hash` identifies. NotFound when none does; Failed when it is
    /// the last CentralSystemRootCertificate (the station could no longer verify its central system).
    mutating func delete(_ hash: CertificateHashData) -> DeleteCertificate.DeleteCertificateStatus {
        guard let index = entries.indices.first(where: { hashData(at: $0, algorithm: hash.hashAlgorithm)?.identifies(hash) == true }) else {
            return .notFound
        }
        if entries[index].use == .centralSystemRoot, entries.filter({ $0.use == .centralSystemRoot }).count == 1 {
            return .failed
        }
        entries.remove(at: index)
        return .accepted
    }

    /// The roots a charge point certificate may chain to: the installed CentralSystemRoot
    /// certificates and the certificates in `configuredPEM` (the station file's CA; the link
    /// trusts both).
    func centralSystemRoots(configuredPEM: String) -> [Certificate] {
        let configured = (try? PEMDocument.parseMultiple(pemString: configuredPEM)) ?? []
        return certificates(.centralSystemRoot) + configured.compactMap { try? Certificate(pemDocument: $0) }
    }

    /// The kind of the installed certificate that `hash` identifies, when one does.
    func kind(of hash: CertificateHashData) -> InstalledCertificateKind? {
        entries.indices.first { hashData(at: $0, algorithm: hash.hashAlgorithm)?.identifies(hash) == true }.map { entries[$0].use }
    }

    // MARK: Hash data

    private func hashData(at index: Int, algorithm: HashAlgorithm = .sha256) -> CertificateHashData? {
        guard let certificate = try? Certificate(pemEncoded: entries[index].pem) else { return nil }
        return try? CertificateHashData(certificate, issuer: issuer(of: certificate), algorithm: algorithm)
    }

    private func issuer(of certificate: Certificate) -> Certificate {
        if certificate.issuer == certificate.subject { return certificate }
        return entries.lazy.compactMap { try? Certificate(pemEncoded: $0.pem) }.first { $0.subject == certificate.issuer } ?? certificate
    }

    private static func isAuthority(_ certificate: Certificate) -> Bool {
        if case .some(.isCertificateAuthority) = try? certificate.extensions.basicConstraints { return true }
        return false
    }
}

extension InstalledCertificates {
    /// The PEM texts of the installed certificates of a 1.6 `use`.
    func pems(_ use: CertificateUse) -> [String] { pems(InstalledCertificateKind(use)) }

    /// The parsed certificates of a 1.6 `use`.
    func certificates(_ use: CertificateUse) -> [Certificate] { certificates(InstalledCertificateKind(use)) }

    /// The hash data of the installed certificates of a 1.6 `use`.
    func hashData(_ use: CertificateUse) -> [CertificateHashData] { hashData(InstalledCertificateKind(use)) }

    /// Installs a certificate of a 1.6 `use` (see the kind's `install`).
    mutating func install(_ pem: String, as use: CertificateUse, now: Date, maximum: Int) async throws(Refusal) -> Bool {
        try await install(pem, as: InstalledCertificateKind(use), now: now, maximum: maximum)
    }
}
