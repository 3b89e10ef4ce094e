// Functional block A and B09 on the 2.0.1 station: security events raised where the 1.6 station
// raises them (StartupOfTheDevice, ResetOrReboot, ReconfigurationOfSecurityParameters...), the
// critical ones delivered once accepted, SetNetworkProfile into the stored slots, and the
// SecurityCtrlr variables kept current.

import OCPP201
import StationHAL
import struct OCPP.BoundedString

extension Station201 {
    /// Raises a security event: written to the shared security log with the station's time; a
    /// critical one (2.0.1's table) is queued durably as SecurityEventNotification and sent once
    /// the station is accepted. Call on the actor. Never put a secret in `techInfo`.
    func raiseSecurityEvent(_ kind: SecurityEventKind, techInfo: String? = nil) {
        security.events.raise(kind, techInfo: techInfo, at: now)
    }

    /// At the start of `run()`: StartupOfTheDevice (every boot, a Reset's too).
    func securityBooted() {
        refreshSecurityVariables()
        raiseSecurityEvent(.startupOfTheDevice, techInfo: bootReason == .remoteReset ? "boot after a Reset" : "power up")
    }

    /// Once accepted: the queued critical events go out (again after each reconnect).
    func securityAccepted() {
        security.events.deliver(over: link)
    }

    /// The link connected: SecurityProfile shows the profile it connected with.
    func securityLinkConnected() {
        refreshSecurityVariables()
        if isAccepted { security.events.deliver(over: link) }
    }

    /// At the end of `run()`: ResetOrReboot before a Reset's reboot; delivery stops with the
    /// station (the next boot's station takes the queue over).
    func securityStopped(_ exit: Station201Exit) {
        if exit == .reset { raiseSecurityEvent(.resetOrReboot, techInfo: "Reset requested by the CSMS") }
        security.events.deliver(over: nil)
    }

    /// SetVariables wrote `stored`: a new BasicAuthPassword is a ReconfigurationOfSecurityParameters
    /// (used from the next connection; never logged).
    func securityVariablesWritten(_ stored: [StoredVariableValue]) {
        if stored.contains(where: { $0.key == .basicAuthPassword }) {
            raiseSecurityEvent(.reconfigurationOfSecurityParameters, techInfo: "BasicAuthPassword changed; used from the next connection")
        }
        if let priority = stored.first(where: { $0.key == .networkConfigurationPriority }) {
            log("NetworkConfigurationPriority \(priority.value): used from the next boot")
        }
    }

    /// SecurityProfile as the link connected (before any connection: the first slot's), and the
    /// number of installed certificates.
    func refreshSecurityVariables() {
        if let profile = security.connection.current?.securityProfile { model.update(.securityProfile, to: String(profile)) }
        model.update(.certificateEntries, to: String(security.certificates.entries.count))
    }

    /// The security profile in force (the connection's, else the device model's).
    var securityProfileInForce: Int {
        security.connection.current?.securityProfile ?? model.integer(.securityProfile) ?? 0
    }

    /// SetNetworkProfile (B09): the profile is checked, stored in its slot and answered Accepted;
    /// it is used from the next boot, when NetworkConfigurationPriority names the slot.
    ///
    /// Rejected (with the reason in statusInfo): slot 0 (the station file's), a slot outside
    /// NetworkConfigurationPriority's values, another OCPP version than OCPP20, SOAP, an APN or a
    /// VPN (a wired station without them), a security profile outside 1-3 or lower than the one
    /// in force, a URL that does not fit the profile (ws:// for 1, wss:// for 2 and 3), profile 1
    /// or 2 without a BasicAuthPassword or the station file's key, profile 2 or 3 without a
    /// CSMSRootCertificate (installed, or the station file's CA). A missing charge point
    /// certificate at profile 3 shows at the connection (and B10 falls back).
    func setNetworkProfile(_ request: SetNetworkProfile.Request) -> SetNetworkProfile.Response {
        if let problem = networkProfileProblem(request) {
            log("SetNetworkProfile slot \(request.configurationSlot) rejected: \(problem)")
            return SetNetworkProfile.Response(status: .rejected, statusInfo: StatusInfo(reasonCode: "InvalidProfile", additionalInfo: try? BoundedString<512>(String(problem.prefix(512)))))
        }
        do {
            try security.networkProfiles.save(request.connectionData, slot: request.configurationSlot, in: store)
        } catch {
            log("network profile not stored: \(error)")
            return SetNetworkProfile.Response(status: .failed)
        }
        log("network profile stored in slot \(request.configurationSlot): \(request.connectionData.ocppCsmsUrl.value), security profile \(request.connectionData.securityProfile)")
        return SetNetworkProfile.Response(status: .accepted)
    }

    private func networkProfileProblem(_ request: SetNetworkProfile.Request) -> String? {
        let data = request.connectionData, profile = data.securityProfile, url = data.ocppCsmsUrl.value
        if request.configurationSlot == NetworkProfiles201.stationFileSlot { return "slot 0 is the station file's central system" }
        guard DeviceModel.networkConfigurationSlots.contains(String(request.configurationSlot)) else {
            return "slot \(request.configurationSlot) is not one of \(DeviceModel.networkConfigurationSlots.joined(separator: ","))"
        }
        if data.ocppVersion != .ocpp20 { return "ocppVersion \(data.ocppVersion.rawValue): this station speaks OCPP20 (2.0.1)" }
        if data.ocppTransport != .json { return "ocppTransport must be JSON" }
        if data.apn != nil || data.vpn != nil { return "no APN or VPN on this station" }
        guard (1...3).contains(profile) else { return "securityProfile \(profile) is not 1, 2 or 3" }
        if profile < securityProfileInForce { return "securityProfile \(profile) is lower than the one in force (\(securityProfileInForce))" }
        if profile == 1, !url.hasPrefix("ws://") { return "security profile 1 needs a ws:// URL" }
        if profile >= 2, !url.hasPrefix("wss://") { return "security profile \(profile) needs a wss:// URL" }
        let password = model.value(.basicAuthPassword) ?? settings.configurationDefaults[.authorizationKey]
        if profile <= 2, password?.isEmpty ?? true { return "security profile \(profile) needs a BasicAuthPassword" }
        if profile >= 2, security.certificates.centralSystemRoots(configuredPEM: settings.configuredCentralSystemRoots).isEmpty {
            return "security profile \(profile) needs a CSMSRootCertificate"
        }
        return nil
    }
}
