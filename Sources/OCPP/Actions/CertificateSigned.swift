// CertificateSigned (Security extension, central system → charge point): deliver the signed
// charge point certificate chain requested with SignCertificate.

/// The CertificateSigned action.
public enum CertificateSigned {
    /// The signed certificate.
    public struct Request: OCPPRequest {
        public typealias Response = CertificateSigned.Response
        public static var action: Action { .certificateSigned }

        /// The PEM-encoded chain: the charge point certificate first, then intermediate CAs.
        public var certificateChain: BoundedString<10000>

        /// Creates the request.
        public init(certificateChain: BoundedString<10000>) {
            self.certificateChain = certificateChain
        }
    }

    /// Whether the station accepted the certificate (security extension CertificateSignedStatusEnumType).
    public enum CertificateSignedStatus: String, OCPPEnum {
        case accepted = "Accepted"
        /// The certificate is invalid or does not match the station's key.
        case rejected = "Rejected"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: CertificateSignedStatus

        /// Creates the response.
        public init(status: CertificateSignedStatus) {
            self.status = status
        }
    }
}
