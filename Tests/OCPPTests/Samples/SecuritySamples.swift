// Sample payloads of the OCPP 1.6 security extension's actions.

import OCPP

extension Samples {
    private static let securityRootCertificate: BoundedString<5500> = """
        -----BEGIN CERTIFICATE-----
        MIIBtjCCAVugAwIBAgIUXzocRm9vQmFyUm9vdENBMDAwMTAKBggqhkjOPQQDAjAa
        MRgwFgYDVQQDDA9DU01TIFJvb3QgQ0EgMTAeFw0yNjAxMDEwMDAwMDBaFw0zNjAx
        -----END CERTIFICATE-----
        """

    private static let securityCertificateChain: BoundedString<10000> = """
        -----BEGIN CERTIFICATE-----
        MIIBxTCCAWugAwIBAgIUChargePointLeafCertificate0001MAoGCCqGSM49BAMC
        -----END CERTIFICATE-----
        -----BEGIN CERTIFICATE-----
        MIIBtjCCAVugAwIBAgIUSubCAIntermediateCertificate0001MAoGCCqGSM49BA
        -----END CERTIFICATE-----
        """

    private static let securityCSR: BoundedString<5500> = """
        -----BEGIN CERTIFICATE REQUEST-----
        MIIBFDCBuwIBADBZMQswCQYDVQQGEwJOTDEPMA0GA1UECgwGTUFYRVJPMRcwFQYD
        VQQLDA5DaGFyZ2VTdGF0aW9uMSAwHgYDVQQDDBdDUC0wMDAxMjM=
        -----END CERTIFICATE REQUEST-----
        """

    private static let securitySHA384CertificateHash = CertificateHashData(
        hashAlgorithm: .sha384,
        issuerNameHash: "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3c2b",
        issuerKeyHash: "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988",
        serialNumber: "0123456789abcdef0123456789abcdef01234567"
    )

    private static let securitySHA512CertificateHash = CertificateHashData(
        hashAlgorithm: .sha512,
        issuerNameHash: "aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899",
        issuerKeyHash: "11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899aa",
        serialNumber: "01"
    )

    static let security: [ActionSamples] = [
        ActionSamples(
            action: .certificateSigned,
            requests: [
                CertificateSigned.Request(certificateChain: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
                CertificateSigned.Request(certificateChain: securityCertificateChain),
            ],
            responses: [CertificateSigned.Response(status: .accepted), CertificateSigned.Response(status: .rejected)]
        ),
        ActionSamples(
            action: .deleteCertificate,
            requests: [
                DeleteCertificate.Request(certificateHashData: certificateHash),
                DeleteCertificate.Request(certificateHashData: securitySHA384CertificateHash),
                DeleteCertificate.Request(certificateHashData: securitySHA512CertificateHash),
            ],
            responses: [
                DeleteCertificate.Response(status: .accepted),
                DeleteCertificate.Response(status: .failed),
                DeleteCertificate.Response(status: .notFound),
            ]
        ),
        ActionSamples(
            action: .extendedTriggerMessage,
            requests: [
                ExtendedTriggerMessage.Request(requestedMessage: .signChargePointCertificate),
                ExtendedTriggerMessage.Request(requestedMessage: .statusNotification, connectorId: 2),
                ExtendedTriggerMessage.Request(requestedMessage: .meterValues, connectorId: 1),
                ExtendedTriggerMessage.Request(requestedMessage: .bootNotification),
                ExtendedTriggerMessage.Request(requestedMessage: .logStatusNotification),
                ExtendedTriggerMessage.Request(requestedMessage: .firmwareStatusNotification),
                ExtendedTriggerMessage.Request(requestedMessage: .heartbeat),
            ],
            responses: [
                ExtendedTriggerMessage.Response(status: .accepted),
                ExtendedTriggerMessage.Response(status: .rejected),
                ExtendedTriggerMessage.Response(status: .notImplemented),
            ]
        ),
        ActionSamples(
            action: .getInstalledCertificateIds,
            requests: [
                GetInstalledCertificateIds.Request(certificateType: .centralSystemRootCertificate),
                GetInstalledCertificateIds.Request(certificateType: .manufacturerRootCertificate),
            ],
            responses: [
                GetInstalledCertificateIds.Response(status: .notFound),
                GetInstalledCertificateIds.Response(
                    certificateHashData: [certificateHash, securitySHA384CertificateHash, securitySHA512CertificateHash],
                    status: .accepted
                ),
                GetInstalledCertificateIds.Response(certificateHashData: [certificateHash], status: .accepted),
            ]
        ),
        ActionSamples(
            action: .getLog,
            requests: [
                GetLog.Request(log: GetLog.LogParameters(remoteLocation: "ftp://logs.example.com/upload/"), logType: .diagnosticsLog, requestId: 1),
                GetLog.Request(
                    log: GetLog.LogParameters(remoteLocation: "https://csms.example.com/logs/CP-000123", oldestTimestamp: time, latestTimestamp: later),
                    logType: .securityLog, requestId: 2, retries: 3, retryInterval: 60
                ),
            ],
            responses: [
                GetLog.Response(status: .rejected),
                GetLog.Response(status: .accepted, filename: "diagnostics-2026-11-21.log"),
                GetLog.Response(status: .acceptedCanceled, filename: "security-2026-11-21.log"),
            ]
        ),
        ActionSamples(
            action: .installCertificate,
            requests: [
                InstallCertificate.Request(certificateType: .centralSystemRootCertificate, certificate: securityRootCertificate),
                InstallCertificate.Request(certificateType: .manufacturerRootCertificate, certificate: securityRootCertificate),
            ],
            responses: [
                InstallCertificate.Response(status: .accepted),
                InstallCertificate.Response(status: .failed),
                InstallCertificate.Response(status: .rejected),
            ]
        ),
        ActionSamples(
            action: .logStatusNotification,
            requests: [
                LogStatusNotification.Request(status: .idle),
                LogStatusNotification.Request(status: .uploading, requestId: 2),
                LogStatusNotification.Request(status: .uploaded, requestId: 2),
                LogStatusNotification.Request(status: .uploadFailure, requestId: 3),
                LogStatusNotification.Request(status: .badMessage, requestId: 4),
                LogStatusNotification.Request(status: .notSupportedOperation, requestId: 5),
                LogStatusNotification.Request(status: .permissionDenied, requestId: 6),
            ],
            responses: [LogStatusNotification.Response()]
        ),
        ActionSamples(
            action: .securityEventNotification,
            requests: [
                SecurityEventNotification.Request(type: "SettingSystemTime", timestamp: time),
                SecurityEventNotification.Request(
                    type: "InvalidFirmwareSignature", timestamp: later,
                    techInfo: "signature of firmware 1.4.3 does not verify with the manufacturer root"
                ),
                SecurityEventNotification.Request(type: "TamperDetectionActivated", timestamp: time, techInfo: "door opened"),
            ],
            responses: [SecurityEventNotification.Response()]
        ),
        ActionSamples(
            action: .signCertificate,
            requests: [SignCertificate.Request(csr: securityCSR)],
            responses: [SignCertificate.Response(status: .accepted), SignCertificate.Response(status: .rejected)]
        ),
        ActionSamples(
            action: .signedFirmwareStatusNotification,
            requests: [
                SignedFirmwareStatusNotification.Request(status: .idle),
                SignedFirmwareStatusNotification.Request(status: .downloadScheduled, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .downloading, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .downloadPaused, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .downloaded, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .downloadFailed, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .signatureVerified, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .invalidSignature, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .installScheduled, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .installing, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .installRebooting, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .installed, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .installationFailed, requestId: 9),
                SignedFirmwareStatusNotification.Request(status: .installVerificationFailed, requestId: 9),
            ],
            responses: [SignedFirmwareStatusNotification.Response()]
        ),
        ActionSamples(
            action: .signedUpdateFirmware,
            requests: [
                SignedUpdateFirmware.Request(
                    requestId: 9,
                    firmware: SignedUpdateFirmware.Firmware(
                        location: "https://firmware.example.com/cp/1.4.3.bin", retrieveDateTime: time,
                        signingCertificate: securityRootCertificate, signature: "MEUCIQDx3Fg2bTq0vJx1Yk5a9Z0rYb1wq3Lk8mN0pQ=="
                    )
                ),
                SignedUpdateFirmware.Request(
                    retries: 5, retryInterval: 120, requestId: 10,
                    firmware: SignedUpdateFirmware.Firmware(
                        location: "ftp://firmware.example.com/cp/1.4.4.bin", retrieveDateTime: time, installDateTime: later,
                        signingCertificate: securityRootCertificate,
                        signature: "MEYCIQCz8k2Lr1aP0qW9x7Yb4Jt6Hn3Vd5Rc2Ue8Sf1Go0Kw1AIhAN4mP9xQ3rT7vY2kL6bW8zH1cJ5sF0dG4aE9uR3oI7nM"
                    )
                ),
            ],
            responses: [
                SignedUpdateFirmware.Response(status: .accepted),
                SignedUpdateFirmware.Response(status: .rejected),
                SignedUpdateFirmware.Response(status: .acceptedCanceled),
                SignedUpdateFirmware.Response(status: .invalidCertificate),
                SignedUpdateFirmware.Response(status: .revokedCertificate),
            ]
        ),
    ]
}
