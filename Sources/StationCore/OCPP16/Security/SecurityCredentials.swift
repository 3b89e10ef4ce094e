// What the link needs from the Security extension's stores, readable from any isolation: the
// CentralSystemRootCertificates to trust (profiles 2 and 3), and the charge point's own key and
// certificate chain to present (profile 3). Both are read at each connection, so an installed
// certificate takes effect from the next one.

/// The credentials installed through OCPP, for the link's trust-root and client-identity providers.
public enum SecurityCredentials {
    /// The PEM texts of the installed CentralSystemRootCertificates, oldest first (empty when
    /// none are installed or the store cannot be read).
    public static func centralSystemRoots(in store: any StationStore) -> [String] {
        guard let document = try? store.document(.installedCertificates),
              let installed = try? InstalledCertificates(stored: document) else { return [] }
        return installed.pems(.centralSystemRootCertificate)
    }

    /// The charge point's private key and certificate chain installed with CertificateSigned, or
    /// nil when none is (or the files do not hold a matching key and certificate).
    public static func chargePointIdentity(in secrets: any SecretFiles) -> ChargePointCredentials? {
        ChargePointCredentials.installed(in: secrets)
    }
}
