// The root certificates installed by the central system (InstallCertificate): CentralSystemRoot
// certificates that the link trusts, ManufacturerRoot certificates that signed firmware must
// chain to. A value, persisted whole as one store document on every change.
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
@_spi(FixedExpiryValidationTime) import X509

/// One installed root certificate, as stored.
struct InstalledCertificate: OCPPPayload, Equatable {
    var use: CertificateUse
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

    /// The certificates read from their stored document (none when nil).
    init(stored: JSONValue?) throws(PayloadError) {
        entries = try stored.map { json throws(PayloadError) in try PayloadDecoding.decode(InstalledCertificateList.self, from: json).certificates } ?? []
    }

    /// The document to store.
    var document: JSONValue { FrameEncoder.payload(InstalledCertificateList(certificates: entries)) }

    /// The PEM texts of the installed certificates of `use`, oldest first.
    func pems(_ use: CertificateUse) -> [String] {
        entries.filter { $0.use == use }.map(\.pem)
    }

    /// The parsed certificates of `use` (an entry that no longer parses is left out).
    func certificates(_ use: CertificateUse) -> [Certificate] {
        pems(use).compactMap { try? Certificate(pemEncoded: $0) }
    }

    /// The hash data of the installed certificates of `use`, in installation order.
    func hashData(_ use: CertificateUse) -> [CertificateHashData] {
        entries.indices.filter { entries[$0].use == use }.compactMap { hashData(at: $0) }
    }

    /// Checks and adds `pem` as a certificate of `use`, valid at `now`, when fewer than `maximum`
    /// certificates are installed (`maximum` ≤ 0: no limit). Returns whether it was new.
    mutating func install(_ pem: String, as use: CertificateUse, now: Date, maximum: Int) async throws(Refusal) -> Bool {
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
        if entries[index].use == .centralSystemRootCertificate, entries.filter({ $0.use == .centralSystemRootCertificate }).count == 1 {
            return .failed
        }
        entries.remove(at: index)
        return .accepted
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
