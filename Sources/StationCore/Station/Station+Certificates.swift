// Routing of the Security extension's certificate messages: InstallCertificate,
// DeleteCertificate and GetInstalledCertificateIds on the installed roots, and the charge point
// certificate of profile 3 (SignCertificate out, CertificateSigned in, renewal before expiry).

import FoundationEssentials
import OCPP
import SwiftASN1
import X509

extension Station {
    func installCertificate(_ request: InstallCertificate.Request) async -> Answer {
        var updated = certificates
        do {
            let added = try await updated.install(
                request.certificate.value, as: request.certificateType, now: now.date, maximum: securityKeys.certificateStoreMaxLength
            )
            guard added else { return .payload(InstallCertificate.Response(status: .accepted)) }
        } catch {
            log("InstallCertificate \(request.certificateType.rawValue) rejected: \(error)")
            let event: SecurityEventKind = request.certificateType == .centralSystemRootCertificate
                ? .invalidCentralSystemCertificate : .invalidFirmwareSigningCertificate
            raiseSecurityEvent(event, techInfo: "InstallCertificate: \(error)")
            return .payload(InstallCertificate.Response(status: .rejected))
        }
        do {
            try store.saveDocument(.installedCertificates, updated.document)
        } catch {
            log("installed certificate not saved: \(error)")
            return .payload(InstallCertificate.Response(status: .failed))
        }
        certificates = updated
        log("\(request.certificateType.rawValue) installed (\(certificates.entries.count) certificates)")
        return .payload(InstallCertificate.Response(status: .accepted))
    }

    func deleteCertificate(_ request: DeleteCertificate.Request) -> Answer {
        var updated = certificates
        let status = updated.delete(request.certificateHashData)
        guard status == .accepted else {
            log("DeleteCertificate \(request.certificateHashData.serialNumber.value): \(status.rawValue)")
            return .payload(DeleteCertificate.Response(status: status))
        }
        do {
            try store.saveDocument(.installedCertificates, updated.document)
        } catch {
            log("certificate deletion not saved: \(error)")
            return .payload(DeleteCertificate.Response(status: .failed))
        }
        certificates = updated
        return .payload(DeleteCertificate.Response(status: .accepted))
    }

    func getInstalledCertificateIds(_ request: GetInstalledCertificateIds.Request) -> Answer {
        let ids = certificates.hashData(request.certificateType)
        return .payload(ids.isEmpty
            ? GetInstalledCertificateIds.Response(status: .notFound)
            : GetInstalledCertificateIds.Response(certificateHashData: ids, status: .accepted))
    }

    // MARK: Charge point certificate

    /// Makes a new key and sends SignCertificate with its CSR (ExtendedTriggerMessage, or the
    /// installed certificate's expiry approaching). The key waits in the secret files for
    /// CertificateSigned; a new request replaces it.
    func requestChargePointCertificate() {
        let csr: BoundedString<5500>
        do {
            let request = try CertificateRequest(chargePointId: settings.chargePointId, organization: securityKeys.cpoName)
            csr = try BoundedString(request.csrPEM)
            try secrets.save(.pendingKey, Array(request.privateKeyPEM.utf8))
        } catch {
            log("SignCertificate not sent: the key or CSR could not be made or stored: \(error)")
            return
        }
        log("new charge point key generated; sending SignCertificate")
        enqueue(.signCertificate(SignCertificate.Request(csr: csr)))
    }

    /// The central system's answer to SignCertificate. A Rejected one is logged; the pending key
    /// stays until a new request replaces it, so a chain the central system still sends for it
    /// (signed by an operator later, say) is checked as any other.
    func signCertificateAnswered(_ response: SignCertificate.Response) {
        guard response.status == .rejected else { return }
        log("SignCertificate rejected by the central system; the pending key waits for a new request or a CertificateSigned")
    }

    func certificateSigned(_ request: CertificateSigned.Request) async -> Answer {
        let pendingKey = (try? secrets.load(.pendingKey)).map { String(decoding: $0, as: UTF8.self) }
        let credentials: ChargePointCredentials
        do {
            credentials = try await ChargePointCredentials.check(
                chain: request.certificateChain.value, pendingKeyPEM: pendingKey, roots: centralSystemRoots,
                now: now.date, maximumCharacters: securityKeys.certificateSignedMaxChainSize
            )
        } catch {
            log("CertificateSigned rejected: \(error)")
            raiseSecurityEvent(.invalidChargePointCertificate, techInfo: "CertificateSigned: \(error)")
            return .payload(CertificateSigned.Response(status: .rejected))
        }
        do {
            try secrets.save(.chargePointCredentials, credentials.fileContent)
        } catch {
            log("charge point certificate not stored: \(error)")
            return .payload(CertificateSigned.Response(status: .rejected))
        }
        try? secrets.remove(.pendingKey)
        log("charge point certificate installed; used from the next connection")
        return .payload(CertificateSigned.Response(status: .accepted))
    }

    /// The roots a charge point certificate may chain to: the installed CentralSystemRootCertificates
    /// and the station file's central system CA (the link trusts both).
    var centralSystemRoots: [Certificate] {
        certificates.centralSystemRoots(configuredPEM: settings.configuredCentralSystemRoots)
    }

    /// Asks for a new charge point certificate when the installed one expires within 30 days
    /// and no request is pending; checks again daily. Called once registered.
    func checkChargePointCertificateExpiry() {
        startTimer(.certificateRenewal, after: .seconds(86_400))
        let pendingKey = try? secrets.load(.pendingKey)
        guard let expiry = ChargePointCredentials.installed(in: secrets)?.expiry, pendingKey == nil else { return }
        if expiry.timeIntervalSince(now.date) < 30 * 86_400 {
            log("the charge point certificate expires at \(Timestamp(expiry)); renewing it")
            requestChargePointCertificate()
        }
    }
}
