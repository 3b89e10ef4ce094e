// The Security extension's station side: the one entry point through which every part of the
// station raises a security event (written to the persistent security log; the critical ones
// queued as SecurityEventNotification, delivered like transaction messages).

public import OCPP

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
