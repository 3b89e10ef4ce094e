// The security events of a 2.0.1 station: written to the store's bounded security log (the one
// the 1.6 station keeps), the critical ones also kept as SecurityEventNotification requests in a
// store document until the CSMS answered them, so that they survive kill -9 and a time offline.

import StationHAL
import Synchronization
import OCPP201
public import struct OCPP.Timestamp
public import enum OCPP.JSONValue
public import struct OCPP.BoundedString

/// Records security events and delivers the critical ones, oldest first, one at a time, while
/// delivery is on. One instance per store, shared by the runtime (link failures, network
/// fallback) and each station it boots. Safe to use from any isolation.
public final class SecurityEvents201: Sendable {
    private struct State {
        var delivering = false
        var link: (any CentralSystemLink201)?
    }

    private let store: any StationStore
    private let capacity: Int
    private let log: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// Events in `store`; the log keeps the latest `capacity` entries (the 1.6 station's 1000).
    public init(store: any StationStore, capacity: Int = 1000, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.capacity = capacity
        self.log = log
    }

    /// Records `kind` at `time`: the queued notification (when critical in 2.0.1) is durable
    /// before the log entry is written and before this returns; then delivery is woken. Never
    /// put a secret in `techInfo`: it is logged and sent.
    public func raise(_ kind: SecurityEventKind, techInfo: String? = nil, at time: Timestamp) {
        let event = SecurityEvent(kind: kind, timestamp: time, techInfo: techInfo)
        log("security event \(kind.ocpp201Name)\(event.techInfo.map { ": \($0)" } ?? "")")
        if kind.isCritical201 {
            let request = SecurityEventNotification.Request(
                type: (try? BoundedString(kind.ocpp201Name)) ?? "InvalidMessages", timestamp: time, techInfo: event.techInfo.flatMap { try? BoundedString($0) }
            )
            do {
                try state.withLock { _ throws(StoreError) in
                    try store.saveDocument(.ocpp201SecurityEvents, .array(try queued() + [FrameEncoder.payload(request)]))
                }
            } catch {
                log("security event \(kind.ocpp201Name) not queued: \(error)")
            }
        }
        do {
            try store.recordSecurityEvent(event, capacity: capacity, notification: nil)
        } catch {
            log("security event \(kind.ocpp201Name) not recorded: \(error)")
        }
        wake()
    }

    /// The SecurityEventNotification payloads not yet answered, oldest first.
    public func pending() -> [JSONValue] {
        (try? state.withLock { _ throws(StoreError) in try queued() }) ?? []
    }

    /// Delivers over `link` from now on (the station is accepted), or stops (nil: the station
    /// stopped or is not accepted). A notification being sent when delivery stops is kept.
    public func deliver(over link: (any CentralSystemLink201)?) {
        state.withLock { $0.link = link }
        wake()
    }

    /// Starts the delivery task unless one runs or delivery is off. A notification the link
    /// cannot send (offline, no answer) waits for the next wake (a reconnect, a new event); one
    /// the CSMS answers with a CALLERROR is dropped (logged), so that it cannot block the others.
    func wake() {
        let start = state.withLock { state -> Bool in
            guard !state.delivering, state.link != nil else { return false }
            state.delivering = true
            return true
        }
        guard start else { return }
        StationTask.spawn { await self.run() }
    }

    private func run() async {
        while let item = next() {
            let (link, head) = item
            guard let request = try? SecurityEventNotification.Request.decodePayload(head) else {
                log("queued security event unreadable; dropped")
                removeHead(head)
                continue
            }
            do throws(Link201Error) {
                _ = try await link.call(request)
                removeHead(head)
            } catch .callError(let error) {
                log("SecurityEventNotification refused with \(error.code.rawValue); dropped")
                removeHead(head)
            } catch {
                state.withLock { $0.delivering = false }
                return
            }
        }
    }

    /// The next notification to send, or nil (then the delivery flag is cleared in the same lock,
    /// so an event raised meanwhile starts a new task).
    private func next() -> (any CentralSystemLink201, JSONValue)? {
        state.withLock { state -> (any CentralSystemLink201, JSONValue)? in
            guard let link = state.link, let head = (try? queued())?.first else {
                state.delivering = false
                return nil
            }
            return (link, head)
        }
    }

    private func removeHead(_ head: JSONValue) {
        do {
            try state.withLock { _ throws(StoreError) in
                var all = try queued()
                guard all.first == head else { return }
                all.removeFirst()
                try store.saveDocument(.ocpp201SecurityEvents, all.isEmpty ? nil : .array(all))
            }
        } catch {
            log("delivered security event not removed: \(error)")
        }
    }

    private func queued() throws(StoreError) -> [JSONValue] {
        guard case .array(let items) = try store.document(.ocpp201SecurityEvents) else { return [] }
        return items
    }
}
