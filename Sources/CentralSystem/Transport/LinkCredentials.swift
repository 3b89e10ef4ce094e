// Where the link takes the certificates of profiles 2 and 3 at each connection, beyond the files
// the station file names: injectable sources, so the certificate store can provide them.

/// The charge point's own certificate chain and private key, in PEM (profile 3).
public struct ClientIdentity: Sendable, Equatable {
    /// The certificate first, then its intermediates.
    public var certificateChainPEM: String
    /// The private key (a secret: never logged).
    public var privateKeyPEM: String

    /// Creates an identity.
    public init(certificateChainPEM: String, privateKeyPEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
    }
}

/// Certificate sources the link asks at every connection (and when a profile change is checked).
///
/// `trustRoots` returns PEM certificates that verify the central system's server certificate at
/// profiles 2 and 3, together with `CentralSystemEndpoint.caCertificateFile` (the installed
/// CentralSystemRootCertificates, from the certificate store). `clientIdentity` returns the charge
/// point certificate and key of profile 3 when the store has one; it wins over the endpoint's
/// `clientCertificateFile`/`clientKeyFile`. Both are called off the station's actor, from any
/// thread: they must be quick and thread-safe.
public struct LinkCredentials: Sendable {
    /// Extra trust roots (PEM, one certificate or several per string).
    public var trustRoots: @Sendable () -> [String]
    /// The charge point certificate and key of profile 3, when there is one.
    public var clientIdentity: @Sendable () -> ClientIdentity?

    /// Creates the sources (by default: none).
    public init(trustRoots: @escaping @Sendable () -> [String] = { [] }, clientIdentity: @escaping @Sendable () -> ClientIdentity? = { nil }) {
        self.trustRoots = trustRoots
        self.clientIdentity = clientIdentity
    }
}
