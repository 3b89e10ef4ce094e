// Identification of an installed certificate (security extension).

/// The hash algorithm of a CertificateHashData (security extension HashAlgorithmEnumType).
public enum HashAlgorithm: String, OCPPEnum {
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"
}

/// Identifies a certificate by the hashes of its issuer and its serial number (security
/// extension CertificateHashDataType).
public struct CertificateHashData: OCPPPayload, Hashable {
    /// The algorithm of both hashes.
    public var hashAlgorithm: HashAlgorithm
    /// Hex hash of the issuer's distinguished name.
    public var issuerNameHash: BoundedString<128>
    /// Hex hash of the issuer's public key.
    public var issuerKeyHash: BoundedString<128>
    /// The certificate's serial number in hex.
    public var serialNumber: BoundedString<40>

    /// Creates the identification.
    public init(hashAlgorithm: HashAlgorithm, issuerNameHash: BoundedString<128>, issuerKeyHash: BoundedString<128>, serialNumber: BoundedString<40>) {
        self.hashAlgorithm = hashAlgorithm
        self.issuerNameHash = issuerNameHash
        self.issuerKeyHash = issuerKeyHash
        self.serialNumber = serialNumber
    }
}

/// Which kind of root certificate (security extension CertificateUseEnumType).
public enum CertificateUse: String, OCPPEnum {
    /// The root of the central system's server certificate.
    case centralSystemRootCertificate = "CentralSystemRootCertificate"
    /// The root of the manufacturer's firmware signing certificate.
    case manufacturerRootCertificate = "ManufacturerRootCertificate"
}
