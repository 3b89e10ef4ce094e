// The Security extension's station side: the one entry point through which every part of the
// station raises a security event (written to the persistent security log; the critical ones
// queued as SecurityEventNotification, delivered like transaction messages).

public import OCPP
import StationHAL

extension Station {
    /// Raises a security event: it is written to the store's bounded security log (at most
    /// `StationSettings.securityLogCapacity` entries, the oldest dropped first) with the
    /// station's current time, and a critical one (``SecurityEventKind/isCritical``) is queued
    /// as SecurityEventNotification in the same commit. The queue delivers it once the station is
    /// registered, in order with the transaction messages, retried as they are
    /// (TransactionMessageAttempts), kept while offline and across a power cut.
    ///
    /// Call on the Station actor (from outside: `await station.raiseSecurityEvent(...)`). Never
    /// put a secret (AuthorizationKey, a private key) in `techInfo`: it is logged and sent.
    public func raiseSecurityEvent(_ kind: SecurityEventKind, techInfo: String? = nil) {
        let event = SecurityEvent(kind: kind, timestamp: now, techInfo: techInfo)
        log("security event \(kind.rawValue)\(event.techInfo.map { ": \($0)" } ?? "")")
        do {
            let notification = kind.isCritical ? FrameEncoder.payload(event.notification) : nil
            try store.recordSecurityEvent(event, capacity: settings.securityLogCapacity, notification: notification)
        } catch {
            log("security event \(kind.rawValue) not recorded: \(error)")
            return
        }
        if kind.isCritical { link.transactionMessagesQueued() }
    }

    /// The security log's entries between `oldest` and `latest` (either absent: open), oldest
    /// first; empty when the store cannot be read. Call on the Station actor.
    public func securityLog(from oldest: Timestamp? = nil, to latest: Timestamp? = nil) -> [SecurityEvent] {
        do {
            return try store.securityEvents(from: oldest, to: latest)
        } catch {
            log("security log unreadable: \(error)")
            return []
        }
    }
}

extension Station {
    /// The least change of the station's clock (from a BootNotification answer's currentTime)
    /// that is a SettingSystemTime event: smaller corrections are the network's delay.
    static var clockChangeWorthAnEvent: Int64 { 2000 }

    /// Raises SettingSystemTime when the central system's time moved the station's clock by
    /// `clockChangeWorthAnEvent` or more since `previousOffset`.
    func clockSet(from previousOffset: Int64) {
        let change = registration.clockOffsetMilliseconds - previousOffset
        guard abs(change) >= Self.clockChangeWorthAnEvent else { return }
        raiseSecurityEvent(.settingSystemTime, techInfo: "clock set from the central system's time by \(change) ms")
    }

    /// ChangeConfiguration of SecurityProfile or AuthorizationKey, as the Security Whitepaper
    /// says: a lower profile, an invalid key or a missing prerequisite (no AuthorizationKey for 1
    /// and 2, no CentralSystemRootCertificate for 2 and 3, no charge point certificate for 3) is
    /// Rejected; otherwise the value is stored, answered Accepted, raises
    /// ReconfigurationOfSecurityParameters, and the station reconnects with it at once (a new
    /// key only when the profile in force sends it: 1 or 2). The key is never logged.
    func changeLinkSecurity(_ request: ChangeConfiguration.Request, key: ConfigurationKey) -> Answer {
        let before = configuration
        let previous = configuration.linkSecurity
        let outcome = configuration.change(request.key.value, to: request.value.value)
        guard case .accepted(_, let value) = outcome else {
            if case .rejected(let reason) = outcome { log("ChangeConfiguration rejected: \(reason)") }
            return .payload(ChangeConfiguration.Response(status: outcome.status))
        }
        let next = configuration.linkSecurity
        let reconnects = next.securityProfile != previous.securityProfile || next.securityProfile == 1 || next.securityProfile == 2
        let missingKey = (1...2).contains(next.securityProfile) && next.authorizationKey == nil
        if reconnects, let problem = missingKey ? "security profile \(next.securityProfile) needs an AuthorizationKey" : link.securityProblem(next) {
            configuration = before
            log("ChangeConfiguration \(key.rawValue) rejected: \(problem)")
            return .payload(ChangeConfiguration.Response(status: .rejected))
        }
        do {
            // The security to go back to is kept until the change connects (or fell back).
            if reconnects { try store.saveDocument(.securityFallback, Self.document(previous)) }
            try store.saveConfiguration(key, value: value)
        } catch {
            configuration = before
            log("configuration \(key.rawValue) not saved: \(error)")
            return .payload(ChangeConfiguration.Response(status: .rejected))
        }
        let change = key == .securityProfile ? "SecurityProfile \(previous.securityProfile) -> \(value)" : "AuthorizationKey changed"
        log("configuration \(change)")
        raiseSecurityEvent(.reconfigurationOfSecurityParameters, techInfo: change)
        guard reconnects else { return .payload(ChangeConfiguration.Response(status: .accepted)) }
        return .payload(ChangeConfiguration.Response(status: .accepted), then: .changeLinkSecurity(previous: previous, next: next))
    }

    /// Has the link reconnect with `next` in a task of its own (the station keeps taking inputs
    /// meanwhile); the outcome comes back as an input. `resumed`: a change a reboot interrupted,
    /// whose link starts with `next` already, falling back to `previous`.
    func reconnect(from previous: LinkSecurity, to next: LinkSecurity, resumed: Bool = false) {
        let link = self.link
        StationTask.spawn { [inputs] in
            let held = await link.changeSecurity(to: next, fallingBackTo: resumed ? previous : nil)
            inputs.continuation.yield(.linkSecurityChanged(previous: previous, next: next, held: held))
        }
    }

    /// A security change ended. When no connection with the new security opened, the link is
    /// back on the previous one: so are the keys (stored), and the fallback is a security event.
    func linkSecurityChanged(previous: LinkSecurity, next: LinkSecurity, held: Bool) {
        do { try store.saveDocument(.securityFallback, nil) } catch { log("security fallback not cleared: \(error)") }
        guard !held else {
            log("connected with security profile \(next.securityProfile)")
            return
        }
        configuration.setInternal(.securityProfile, String(previous.securityProfile))
        configuration.setInternal(.authorizationKey, previous.authorizationKey ?? "")
        do {
            try store.saveConfiguration(.securityProfile, value: String(previous.securityProfile))
            try store.saveConfiguration(.authorizationKey, value: previous.authorizationKey ?? "")
        } catch {
            log("security fallback not saved: \(error)")
        }
        raiseSecurityEvent(
            .reconfigurationOfSecurityParameters,
            techInfo: "no connection with SecurityProfile \(next.securityProfile); back to SecurityProfile \(previous.securityProfile)"
        )
    }
}

extension Station {
    /// At boot: a security change that a power cut interrupted before it connected is resumed,
    /// with its fallback (the link starts with the new security; if that cannot connect, back).
    func resumeSecurityChange() {
        guard let stored = try? store.document(.securityFallback), let previous = Self.linkSecurity(stored) else { return }
        log("resuming the change to security profile \(configuration.linkSecurity.securityProfile) (fallback \(previous.securityProfile))")
        reconnect(from: previous, to: configuration.linkSecurity, resumed: true)
    }

    /// The stored form of a fallback security (the key is a secret like in the configuration table).
    static func document(_ security: LinkSecurity) -> JSONValue {
        var members: [(String, JSONValue)] = [("securityProfile", .integer(security.securityProfile))]
        if let key = security.authorizationKey { members.append(("authorizationKey", .string(key))) }
        return .object(members)
    }

    /// The fallback security of a stored document.
    static func linkSecurity(_ document: JSONValue) -> LinkSecurity? {
        guard case .number(let text)? = document["securityProfile"], let profile = Int(text) else { return nil }
        var key: String?
        if case .string(let text)? = document["authorizationKey"] { key = text }
        return LinkSecurity(securityProfile: profile, authorizationKey: key, pingIntervalSeconds: 0)
    }
}
