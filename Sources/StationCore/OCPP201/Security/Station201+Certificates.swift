// The 2.0.1 certificate messages on the certificate store the 1.6 station keeps:
// InstallCertificate, GetInstalledCertificateIds and DeleteCertificate on the installed roots,
// and the ChargingStationCertificate (SignCertificate out, CertificateSigned in) with the 1.6
// CSR and chain checks.

import FoundationEssentials
import OCPP201
import StationHAL
import X509
import struct OCPP.BoundedString
import struct OCPP.Timestamp
import enum OCPP.HashAlgorithm
import struct OCPP.CertificateHashData

extension InstalledCertificateKind {
    /// The kind of a 2.0.1 InstallCertificate use.
    init(_ use: InstallCertificate.InstallCertificateUse) {
        switch use {
        case .csmsRootCertificate: self = .centralSystemRoot
        case .manufacturerRootCertificate: self = .manufacturerRoot
        case .moRootCertificate: self = .moRoot
        case .v2gRootCertificate: self = .v2gRoot
        }
    }

    /// The 2.0.1 name of the kind in GetInstalledCertificateIds.
    var use201: GetInstalledCertificateIds.GetCertificateIdUse {
        switch self {
        case .centralSystemRoot: .csmsRootCertificate
        case .manufacturerRoot: .manufacturerRootCertificate
        case .moRoot: .moRootCertificate
        case .v2gRoot: .v2gRootCertificate
        }
    }
}

extension OCPP201.CertificateHashData {
    /// The 2.0.1 form of hash data computed as 1.6 does (same fields and lengths).
    init?(_ data: OCPP.CertificateHashData) {
        guard let algorithm = OCPP201.HashAlgorithm(rawValue: data.hashAlgorithm.rawValue),
              let name = try? BoundedString<128>(data.issuerNameHash.value), let key = try? BoundedString<128>(data.issuerKeyHash.value),
              let serial = try? BoundedString<40>(data.serialNumber.value) else { return nil }
        self.init(hashAlgorithm: algorithm, issuerNameHash: name, issuerKeyHash: key, serialNumber: serial)
    }

    /// The 1.6 form, to compare with the store's hash data.
    var ocpp16: OCPP.CertificateHashData? {
        guard let algorithm = OCPP.HashAlgorithm(rawValue: hashAlgorithm.rawValue),
              let name = try? BoundedString<128>(issuerNameHash.value), let key = try? BoundedString<128>(issuerKeyHash.value),
              let serial = try? BoundedString<40>(serialNumber.value) else { return nil }
        return OCPP.CertificateHashData(hashAlgorithm: algorithm, issuerNameHash: name, issuerKeyHash: key, serialNumber: serial)
    }
}

extension Station201 {
    /// The most certificates the store holds (all kinds together), as the 1.6 station's
    /// CertificateStoreMaxLength default.
    static var certificateStoreCapacity: Int { 20 }

    /// InstallCertificate: stored when it parses, is valid now and is a CA, as 1.6 does; otherwise
    /// Rejected with InvalidCsmsCertificate (CSMS root) or InvalidFirmwareSigningCertificate
    /// (manufacturer root).
    func installCertificate(_ request: InstallCertificate.Request) async -> InstallCertificate.Response {
        var updated = security.certificates
        let kind = InstalledCertificateKind(request.certificateType)
        do {
            let added = try await updated.install(request.certificate.value, as: kind, now: now.date, maximum: Self.certificateStoreCapacity)
            guard added else { return InstallCertificate.Response(status: .accepted) }
        } catch {
            log("InstallCertificate \(request.certificateType.rawValue) rejected: \(error)")
            switch kind {
            case .centralSystemRoot: raiseSecurityEvent(.invalidCentralSystemCertificate, techInfo: "InstallCertificate: \(error)")
            case .manufacturerRoot: raiseSecurityEvent(.invalidFirmwareSigningCertificate, techInfo: "InstallCertificate: \(error)")
            case .moRoot, .v2gRoot: break
            }
            return InstallCertificate.Response(status: .rejected, statusInfo: StatusInfo(reasonCode: "InvalidCertificate"))
        }
        do {
            try store.saveDocument(.installedCertificates, updated.document)
        } catch {
            log("installed certificate not saved: \(error)")
            return InstallCertificate.Response(status: .failed)
        }
        security.certificates = updated
        refreshSecurityVariables()
        log("\(request.certificateType.rawValue) installed (\(updated.entries.count) certificates)")
        return InstallCertificate.Response(status: .accepted)
    }

    /// GetInstalledCertificateIds: the hash data of the installed roots of the kinds asked (all
    /// kinds without a list), hashed as 1.6 does. V2GCertificateChain: none is installed.
    func installedCertificateIds(_ request: GetInstalledCertificateIds.Request) -> GetInstalledCertificateIds.Response {
        let asked = request.certificateType
        var chains: [GetInstalledCertificateIds.CertificateHashDataChain] = []
        for kind in InstalledCertificateKind.allCases where asked?.contains(kind.use201) ?? true {
            for data in security.certificates.hashData(kind) {
                guard let hash = OCPP201.CertificateHashData(data) else { continue }
                chains.append(GetInstalledCertificateIds.CertificateHashDataChain(certificateHashData: hash, certificateType: kind.use201))
            }
        }
        return chains.isEmpty
            ? GetInstalledCertificateIds.Response(status: .notFound)
            : GetInstalledCertificateIds.Response(status: .accepted, certificateHashDataChain: chains)
    }

    /// DeleteCertificate: as 1.6 (hex compared case-insensitively; the last CSMS root is Failed).
    func deleteCertificate(_ request: DeleteCertificate.Request) -> DeleteCertificate.Response {
        guard let hash = request.certificateHashData.ocpp16 else { return DeleteCertificate.Response(status: .notFound) }
        var updated = security.certificates
        let status = updated.delete(hash)
        guard status == .accepted else {
            log("DeleteCertificate \(hash.serialNumber.value): \(status.rawValue)")
            return DeleteCertificate.Response(status: status == .failed ? .failed : .notFound)
        }
        do {
            try store.saveDocument(.installedCertificates, updated.document)
        } catch {
            log("certificate deletion not saved: \(error)")
            return DeleteCertificate.Response(status: .failed)
        }
        security.certificates = updated
        refreshSecurityVariables()
        return DeleteCertificate.Response(status: .accepted)
    }

    /// Makes a new P-256 key and sends SignCertificate (ChargingStationCertificate) with the 1.6
    /// CSR: CN = the station id, O = SecurityCtrlr.OrganizationName. The key waits in the secret
    /// files for CertificateSigned; a new request replaces it. Returns false when no request
    /// could be made.
    @discardableResult
    func requestChargingStationCertificate() -> Bool {
        let csr: BoundedString<5500>
        do {
            let request = try CertificateRequest(chargePointId: settings.chargePointId, organization: model.value(.organizationName) ?? "")
            csr = try BoundedString(request.csrPEM)
            try security.secrets.save(.pendingKey, Array(request.privateKeyPEM.utf8))
        } catch {
            log("SignCertificate not sent: the key or CSR could not be made or stored: \(error)")
            return false
        }
        log("new charging station key generated; sending SignCertificate")
        let (link, log) = (link, log)
        outbox.continuation.yield {
            do throws(Link201Error) {
                let response = try await link.call(SignCertificate.Request(csr: csr, certificateType: .chargingStationCertificate))
                if response.status == .rejected { log("SignCertificate rejected by the CSMS; the pending key waits for a new request") }
            } catch {
                log("SignCertificate not answered: \(error)")
            }
        }
        return true
    }

    /// CertificateSigned: a ChargingStationCertificate chain checked as 1.6 does (at most
    /// MaxCertificateChainSize characters, the first certificate for the pending key, valid now
    /// and chaining to an installed CSMS root or the station file's CA), then stored with its key
    /// and used from the next connection. Otherwise Rejected with InvalidChargingStationCertificate.
    /// A V2GCertificate is Rejected (no ISO 15118 here).
    func certificateSigned(_ request: CertificateSigned.Request) async -> CertificateSigned.Response {
        guard request.certificateType ?? .chargingStationCertificate == .chargingStationCertificate else {
            return CertificateSigned.Response(status: .rejected, statusInfo: StatusInfo(reasonCode: "NotSupported"))
        }
        let pendingKey = (try? security.secrets.load(.pendingKey)).map { String(decoding: $0, as: UTF8.self) }
        let credentials: ChargePointCredentials
        do {
            credentials = try await ChargePointCredentials.check(
                chain: request.certificateChain.value, pendingKeyPEM: pendingKey,
                roots: security.certificates.centralSystemRoots(configuredPEM: settings.configuredCentralSystemRoots), now: now.date,
                maximumCharacters: model.integer(.maxCertificateChainSize) ?? DeviceModel.maximumCertificateChainSize
            )
        } catch {
            log("CertificateSigned rejected: \(error)")
            raiseSecurityEvent(.invalidChargePointCertificate, techInfo: "CertificateSigned: \(error)")
            return CertificateSigned.Response(status: .rejected, statusInfo: StatusInfo(reasonCode: "InvalidCertificate"))
        }
        do {
            try security.secrets.save(.chargePointCredentials, credentials.fileContent)
        } catch {
            log("charging station certificate not stored: \(error)")
            return CertificateSigned.Response(status: .rejected)
        }
        try? security.secrets.remove(.pendingKey)
        log("charging station certificate installed; used from the next connection")
        return CertificateSigned.Response(status: .accepted)
    }
}
