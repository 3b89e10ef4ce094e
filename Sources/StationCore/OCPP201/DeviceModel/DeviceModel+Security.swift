// The device model variables of functional block A (SecurityCtrlr) and of B09/B10
// (OCPPCommCtrlr's network configuration) as this station has them, added to the standard model.

extension VariableKey {
    /// SecurityCtrlr.Identity.
    public static let securityIdentity = VariableKey(.securityCtrlr, VariableReference(name: "Identity"))
    /// SecurityCtrlr.OrganizationName.
    public static let organizationName = VariableKey(.securityCtrlr, VariableReference(name: "OrganizationName"))
    /// SecurityCtrlr.CertificateEntries.
    public static let certificateEntries = VariableKey(.securityCtrlr, VariableReference(name: "CertificateEntries"))
    /// SecurityCtrlr.MaxCertificateChainSize.
    public static let maxCertificateChainSize = VariableKey(.securityCtrlr, VariableReference(name: "MaxCertificateChainSize"))
    /// SecurityCtrlr.AdditionalRootCertificateCheck.
    public static let additionalRootCertificateCheck = VariableKey(.securityCtrlr, VariableReference(name: "AdditionalRootCertificateCheck"))
    /// OCPPCommCtrlr.NetworkConfigurationPriority.
    public static let networkConfigurationPriority = VariableKey(.ocppCommCtrlr, VariableReference(name: "NetworkConfigurationPriority"))
    /// OCPPCommCtrlr.NetworkProfileConnectionAttempts.
    public static let networkProfileConnectionAttempts = VariableKey(.ocppCommCtrlr, VariableReference(name: "NetworkProfileConnectionAttempts"))
}

extension DeviceModel {
    /// The configuration slots NetworkConfigurationPriority may name (0: the station file's).
    public static let networkConfigurationSlots = ["0", "1", "2"]

    /// The longest certificate chain CertificateSigned takes (characters; the schema's limit).
    public static let maximumCertificateChainSize = 10_000

    /// Adds the security variables of a station called `identity` connected at `securityProfile`.
    ///
    /// Choices: Identity is read-only (the station file's id); BasicAuthPassword is write-only
    /// with 16 to 40 characters (A00.FR.205's least length, this station's maxLimit);
    /// NetworkConfigurationPriority takes effect at the next boot (RebootRequired), as B09 says
    /// of a new profile; MaxCertificateChainSize is 10000 and AdditionalRootCertificateCheck false,
    /// both read-only (the additional root check is not implemented).
    public mutating func addSecurityVariables(identity: String, securityProfile: Int) {
        let security = ComponentReference.securityCtrlr
        add(DeviceVariable(security, "Identity", .string(maxLength: 48), value: identity, mutability: .readOnly, constant: true))
        add(DeviceVariable(
            key: .basicAuthPassword, characteristics: VariableCharacteristics(dataType: .string, minLimit: 16, maxLimit: 40),
            attributes: [.actual: AttributeValue(value: nil, mutability: .writeOnly, persistent: true)]
        ))
        add(DeviceVariable(security, "SecurityProfile", .integer(min: 0, max: 3), value: String(securityProfile), mutability: .readOnly))
        add(DeviceVariable(
            security, "MaxCertificateChainSize", .integer(min: 1, max: Double(Self.maximumCertificateChainSize)),
            value: String(Self.maximumCertificateChainSize), mutability: .readOnly, constant: true
        ))
        add(DeviceVariable(security, "AdditionalRootCertificateCheck", .boolean, value: "false", mutability: .readOnly, constant: true))
        add(DeviceVariable(
            .ocppCommCtrlr, "NetworkConfigurationPriority", .list(.sequenceList, Self.networkConfigurationSlots), value: "0",
            mutability: .readWrite, persistent: true, rebootRequired: true
        ))
    }
}
