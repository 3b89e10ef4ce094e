// The OCPP 1.6 Security Whitepaper (edition 3) keys that every station has, whatever its
// configuration file says, with the value each starts from.

extension ConfigurationKey {
    /// The Security extension's keys with their starting values, used when the station's
    /// defaults do not name them. Accessibility as the whitepaper's table gives it:
    /// SecurityProfile RW (only raised, 0-3), AuthorizationKey W (16-40 printable characters;
    /// empty here means "none set", which no ChangeConfiguration can write), CpoName RW (empty
    /// until the central system names the CPO),
    /// CertificateStoreMaxLength R, CertificateSignedMaxChainSize R (10000 bytes, the
    /// CertificateSigned schema's limit), AdditionalRootCertificateCheck R (false: the station
    /// does not implement the additional root check, so a CSMS never relies on it).
    public static let securityDefaults: [ConfigurationKey: String] = [
        .securityProfile: "0",
        .authorizationKey: "",
        .cpoName: "",
        .certificateStoreMaxLength: "20",
        .certificateSignedMaxChainSize: "10000",
        .additionalRootCertificateCheck: "false",
    ]
}
