// InstallCertificate (Security extension, central system → charge point): install a new root
// certificate (central system or manufacturer).

/// The InstallCertificate action.
public enum InstallCertificate {
    /// The certificate to install.
    public struct Request: OCPPRequest {
        public typealias Response = InstallCertificate.Response
        public static var action: Action { .installCertificate }

        public var certificateType: CertificateUse
        /// The PEM-encoded X.509 certificate.
        public var certificate: BoundedString<5500>

        /// Creates the request.
        public init(certificateType: CertificateUse, certificate: BoundedString<5500>) {
            self.certificateType = certificateType
            self.certificate = certificate
        }
    }

    /// The outcome of the installation (security extension InstallCertificateStatusEnumType).
    public enum InstallCertificateStatus: String, OCPPEnum {
        case accepted = "Accepted"
        /// The certificate is valid but could not be stored.
        case failed = "Failed"
        /// The certificate is invalid or of the wrong kind.
        case rejected = "Rejected"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: InstallCertificateStatus

        /// Creates the response.
        public init(status: InstallCertificateStatus) {
            self.status = status
        }
    }
}
