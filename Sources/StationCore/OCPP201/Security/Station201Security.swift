// What a 2.0.1 station needs for functional block A beyond its store: the charge point's key
// files, the security event log and queue, and the link's report of the network profile it
// connected with; and the station's security state, kept in one property.

import Synchronization

/// The network profile the link connected with last: its configuration slot and security
/// profile. Written by the runtime's transport at each connection, read by the station (the
/// SecurityCtrlr.SecurityProfile it reports, the least profile SetNetworkProfile accepts). Safe to
/// use from any isolation.
public final class NetworkConnection201: Sendable {
    private let value: Mutex<(slot: Int, securityProfile: Int)?>

    /// A connection state; `initial` until the first connection reports.
    public init(_ initial: (slot: Int, securityProfile: Int)? = nil) {
        value = Mutex(initial)
    }

    /// The slot and profile of the last connection (nil before any).
    public var current: (slot: Int, securityProfile: Int)? { value.withLock { $0 } }

    /// Records a connection made with `slot` at `securityProfile`.
    public func connected(slot: Int, securityProfile: Int) {
        value.withLock { $0 = (slot, securityProfile) }
    }
}

/// The ports of a 2.0.1 station's security block; the defaults hold everything in memory.
public struct Station201SecurityPorts: Sendable {
    /// The charge point's private keys and certificate (0600 files in `<data>/keys` in `station run`).
    public var secrets: any SecretFiles
    /// The security log and queue; nil: one of the station's own on its store.
    public var events: SecurityEvents201?
    /// The link's last connection.
    public var connection: NetworkConnection201

    /// Creates the ports.
    public init(secrets: any SecretFiles = InMemorySecretFiles(), events: SecurityEvents201? = nil, connection: NetworkConnection201 = NetworkConnection201()) {
        self.secrets = secrets
        self.events = events
        self.connection = connection
    }
}

/// The security state of one 2.0.1 station. Owned by the Station201 actor.
struct Station201SecurityState {
    /// The charge point key files.
    let secrets: any SecretFiles
    /// The security log and the queue of critical events.
    let events: SecurityEvents201
    /// The link's last connection.
    let connection: NetworkConnection201
    /// The installed root certificates (the store document the 1.6 station shares).
    var certificates: InstalledCertificates
    /// The profiles SetNetworkProfile stored.
    var networkProfiles: NetworkProfiles201

    /// The state read from `store`.
    init(ports: Station201SecurityPorts, store: any StationStore, log: @escaping @Sendable (String) -> Void) {
        secrets = ports.secrets
        events = ports.events ?? SecurityEvents201(store: store, log: log)
        connection = ports.connection
        do {
            certificates = try InstalledCertificates(stored: store.document(.installedCertificates))
        } catch {
            log("installed certificates unreadable, none are used: \(error)")
            certificates = InstalledCertificates()
        }
        networkProfiles = NetworkProfiles201(store: store)
    }
}
