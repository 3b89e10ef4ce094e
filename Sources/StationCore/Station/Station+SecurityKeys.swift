// The Security extension's configuration keys that the certificate code reads, in one value.

import OCPP

/// The Security extension's keys that the certificate code reads.
struct SecurityKeys {
    /// CpoName (the O of the CSR's subject); empty when unset.
    var cpoName: String
    /// CertificateStoreMaxLength (≤ 0: no limit).
    var certificateStoreMaxLength: Int
    /// CertificateSignedMaxChainSize (≤ 0: the message's own limit of 10,000 characters).
    var certificateSignedMaxChainSize: Int
}

extension Station {
    /// The keys as the configuration holds them now.
    var securityKeys: SecurityKeys {
        SecurityKeys(
            cpoName: configuration.value(of: .cpoName) ?? "", certificateStoreMaxLength: configuration.int(.certificateStoreMaxLength),
            certificateSignedMaxChainSize: configuration.int(.certificateSignedMaxChainSize)
        )
    }
}
