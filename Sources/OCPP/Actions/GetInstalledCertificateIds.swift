// GetInstalledCertificateIds (Security extension, central system → charge point): list the
// installed root certificates of one kind.

/// The GetInstalledCertificateIds action.
public enum GetInstalledCertificateIds {
    /// The kind of certificates to list.
    public struct Request: OCPPRequest {
        public typealias Response = GetInstalledCertificateIds.Response
        public static var action: Action { .getInstalledCertificateIds }

        public var certificateType: CertificateUse

        /// Creates the request.
        public init(certificateType: CertificateUse) {
            self.certificateType = certificateType
        }
    }

    /// Whether certificates of that kind are installed (security extension
    /// GetInstalledCertificateStatusEnumType).
    public enum GetInstalledCertificateStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case notFound = "NotFound"
    }

    /// The installed certificates.
    public struct Response: OCPPPayload {
        /// The certificates (at least one when present).
        public var certificateHashData: [CertificateHashData]?
        public var status: GetInstalledCertificateStatus

        /// Creates the response.
        public init(certificateHashData: [CertificateHashData]? = nil, status: GetInstalledCertificateStatus) {
            self.certificateHashData = certificateHashData
            self.status = status
        }

        private enum CodingKeys: String, CodingKey {
            case certificateHashData, status
        }

        /// Decodes and checks the schema's `minItems: 1` on `certificateHashData`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            certificateHashData = try container.decodeIfPresent([CertificateHashData].self, forKey: .certificateHashData, minimumCount: 1)
            status = try container.decode(GetInstalledCertificateStatus.self, forKey: .status)
        }
    }
}
