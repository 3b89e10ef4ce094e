// Why a command to the simulation (plug, card, fault, ...) was refused: what the control API
// answers with a 4xx status.

import StationHAL

/// A refused simulation command.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The station has no connector with this id.
    case noSuchConnector(Int)
    /// An EV is plugged at the connector already.
    case alreadyPlugged(connector: Int)
    /// No EV is plugged at the connector.
    case notPlugged(connector: Int)
    /// The connector has a fixed cable and therefore no lock.
    case noLock(connector: Int)
    /// The RFID reader is failed (ReaderFailure raised) and reads no card.
    case readerUnavailable
    /// A value outside its range.
    case invalidValue(String)

    public var description: String {
        switch self {
        case .noSuchConnector(let id): "no connector \(id); expected a connector id of this station"
        case .alreadyPlugged(let id): "an EV is already plugged at connector \(id)"
        case .notPlugged(let id): "no EV is plugged at connector \(id)"
        case .noLock(let id): "connector \(id) has a fixed cable and no lock"
        case .readerUnavailable: "the RFID reader is failed (ReaderFailure); clear the fault first"
        case .invalidValue(let what): what
        }
    }
}
