// What a station acts on and reads from besides its own state: its settings, the hardware, the
// store, the link to the central system, the clock, the file services and the log. Fixed for the
// station's life; the Station actor reaches them through nonisolated accessors.

import StationHAL

/// The ports of one station. Sendable, set once.
struct StationPorts<C: StationClock>: Sendable {
    let settings: StationSettings
    let hardware: any StationHardware
    let store: any StationStore
    let link: any CentralSystemLink
    let clock: C
    /// Transfers, installer and diagnostics for Firmware Management (nil: not supported).
    let files: FileServices?
    /// The charge point's private keys and certificate (Security extension).
    let secrets: any SecretFiles
    let log: @Sendable (String) -> Void
}

extension Station {
    nonisolated var settings: StationSettings { ports.settings }
    nonisolated var hardware: any StationHardware { ports.hardware }
    nonisolated var store: any StationStore { ports.store }
    nonisolated var link: any CentralSystemLink { ports.link }
    nonisolated var clock: C { ports.clock }
    nonisolated var files: FileServices? { ports.files }
    nonisolated var secrets: any SecretFiles { ports.secrets }
    nonisolated var log: @Sendable (String) -> Void { ports.log }
}
