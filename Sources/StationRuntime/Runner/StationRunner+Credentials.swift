// Where the runner's link takes the Security extension's certificates: the roots and the charge
// point certificate that the central system installed, read again at every connection.

import CentralSystem
import StationCore
import StationFiles

extension StationRunner {
    /// The link's certificate sources: the installed CentralSystemRootCertificates from `store`,
    /// trusted besides the station file's CA at profiles 2 and 3, and the charge point key and
    /// chain from `secrets`, presented at profile 3 instead of the station file's client
    /// certificate once CertificateSigned installed one. Both are read at each connection, so a
    /// certificate installed now is used from the next one.
    static func linkCredentials(store: any StationStore, secrets: DataDirectorySecretFiles) -> LinkCredentials {
        LinkCredentials(
            trustRoots: { SecurityCredentials.centralSystemRoots(in: store) },
            clientIdentity: {
                SecurityCredentials.chargePointIdentity(in: secrets).map {
                    ClientIdentity(certificateChainPEM: $0.certificateChainPEM, privateKeyPEM: $0.privateKeyPEM)
                }
            }
        )
    }
}
