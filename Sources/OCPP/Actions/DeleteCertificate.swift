// DeleteCertificate (Security extension, central system → charge point): remove an installed
// root certificate.

/// The DeleteCertificate action.
public enum DeleteCertificate {
    /// The certificate to remove.
    public struct Request: OCPPRequest {
        public typealias Response = DeleteCertificate.Response
        public static var action: Action { .deleteCertificate }

        /// Identifies the certificate (as GetInstalledCertificateIds reports it).
        public var certificateHashData: CertificateHashData

        /// Creates the request.
        public init(certificateHashData: CertificateHashData) {
            self.certificateHashData = certificateHashData
        }
    }

    /// The outcome of the deletion (security extension DeleteCertificateStatusEnumType).
    public enum DeleteCertificateStatus: String, OCPPEnum {
        case accepted = "Accepted"
        /// The certificate could not be removed (for instance the last central system root).
        case failed = "Failed"
        /// No such certificate is installed.
        case notFound = "NotFound"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: DeleteCertificateStatus

        /// Creates the response.
        public init(status: DeleteCertificateStatus) {
            self.status = status
        }
    }
}
