// The port for the charge point's own key material (Security extension, profile 3): the private
// keys and the certificate chain, kept as files in the data directory that only the station's
// user may read. Implemented in StationFiles; an in-memory variant for tests.

import Synchronization

/// A file of the charge point's own credentials.
public enum SecretFile: String, Sendable, CaseIterable {
    /// The installed charge point credentials: the private key (PEM, PKCS#8), then the
    /// certificate chain that certifies it (PEM, the charge point certificate first), in one file
    /// so that they are replaced together.
    case chargePointCredentials = "charge-point.pem"
    /// The private key of a SignCertificate request whose CertificateSigned has not come yet.
    case pendingKey = "charge-point-key.pending.pem"
}

/// Reads and writes the charge point's key material. Every write replaces the file atomically,
/// with permissions 0600, and returns once the data is durable. Call from any isolation.
public protocol SecretFiles: Sendable {
    /// The content of `file`, or nil when there is none.
    func load(_ file: SecretFile) throws(StoreError) -> [UInt8]?
    /// Replaces `file` with `bytes` (0600).
    func save(_ file: SecretFile, _ bytes: [UInt8]) throws(StoreError)
    /// Removes `file` (nothing when there is none).
    func remove(_ file: SecretFile) throws(StoreError)
}

/// Secret files held in memory (tests, and stations built without a data directory).
public final class InMemorySecretFiles: SecretFiles {
    private let files = Mutex<[SecretFile: [UInt8]]>([:])

    /// Creates an empty set of files.
    public init() {}

    public func load(_ file: SecretFile) -> [UInt8]? { files.withLock { $0[file] } }
    public func save(_ file: SecretFile, _ bytes: [UInt8]) { files.withLock { $0[file] = bytes } }
    public func remove(_ file: SecretFile) { _ = files.withLock { $0.removeValue(forKey: file) } }
}
