// A change of the link's security as the central system asks it (SecurityProfile,
// AuthorizationKey): the endpoint it gives, with the URL the new profile connects to, and the
// prerequisites the Security Whitepaper names.

public import StationCore

extension CentralSystemEndpoint {
    /// The profile's number as the configuration key holds it.
    public var linkSecurityProfile: Int { securityProfile.rawValue }

    /// This endpoint with `security`'s profile and key. Profiles 2 and 3 connect to `secureURL`
    /// when the current URL is ws:// (without one, the same URL with wss://: same host, port and
    /// path); profiles 0 and 1 keep the URL, or go back to the ws:// URL a raised profile left.
    /// Throws when the profile does not exist or the URL
    /// does not fit it.
    public func applying(_ security: LinkSecurity) throws(TransportError) -> CentralSystemEndpoint {
        guard let profile = SecurityProfile(rawValue: security.securityProfile) else {
            throw TransportError("security profile \(security.securityProfile) does not exist (0-3)")
        }
        var changed = self
        changed.securityProfile = profile
        changed.authorizationKey = security.authorizationKey ?? authorizationKey
        if profile.rawValue >= 2, url.hasPrefix("ws://") {
            changed.url = secureURL ?? "wss://" + url.dropFirst(5)
            changed.plainURL = url
        } else if profile.rawValue < 2, url.hasPrefix("wss://"), let plainURL {
            // A fallback from a raised profile: back to the URL it came from.
            changed.url = plainURL
            changed.plainURL = nil
        }
        _ = try changed.target()
        return changed
    }

    /// Why the endpoint cannot connect as it stands (a missing prerequisite of its profile), or
    /// nil: profiles 1 and 2 need an AuthorizationKey, 2 and 3 a trust root (the CA file or an
    /// installed CentralSystemRootCertificate), 3 a charge point certificate and key.
    public func missingPrerequisite(credentials: LinkCredentials) -> String? {
        do { _ = try target() } catch { return error.message }
        if securityProfile == .basicAuthentication || securityProfile == .tlsWithBasicAuthentication, authorizationKey == nil {
            return "security profile \(securityProfile.rawValue) needs an AuthorizationKey"
        }
        if securityProfile.rawValue >= 2, caCertificateFile == nil, credentials.trustRoots().isEmpty {
            return "security profile \(securityProfile.rawValue) needs a CentralSystemRootCertificate (none installed, no CA file configured)"
        }
        if securityProfile == .tlsWithClientCertificate, credentials.clientIdentity() == nil, clientCertificateFile == nil || clientKeyFile == nil {
            return "security profile 3 needs a charge point certificate"
        }
        return nil
    }
}
