// SignCertificate (Security extension, charge point → central system): send a certificate signing
// request for a new charge point certificate; the result arrives with CertificateSigned.

/// The SignCertificate action.
public enum SignCertificate {
    /// The signing request.
    public struct Request: OCPPRequest {
        public typealias Response = SignCertificate.Response
        public static var action: Action { .signCertificate }

        /// The PEM-encoded PKCS#10 certificate signing request.
        public var csr: BoundedString<5500>

        /// Creates the request.
        public init(csr: BoundedString<5500>) {
            self.csr = csr
        }
    }

    /// Whether the central system will process the request (security extension
    /// GenericStatusEnumType).
    public enum GenericStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
    }

    /// The central system's answer.
    public struct Response: OCPPPayload {
        public var status: GenericStatus

        /// Creates the response.
        public init(status: GenericStatus) {
            self.status = status
        }
    }
}
