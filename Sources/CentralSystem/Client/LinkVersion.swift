// What the one OCPP-J client needs to know of an OCPP version: its frames (actions, CALLERROR
// codes, encoding), the events it reports, and how its queued messages are sent and answered.
// `OCPP16Link` and `OCPP201Link` implement it; `LinkClient` is written once over it.

public import OCPP
public import StationCore

/// An OCPP version as the link speaks it. Stateless; implemented by an enum per version.
public protocol LinkVersion: Sendable {
    /// The version's frame dialect (actions and CALLERROR codes, read by `FrameParser`).
    associatedtype Frames: FrameDialect
    /// The version's actions.
    associatedtype Action: RawRepresentable & Sendable where Action.RawValue == String
    /// The version's CALLERROR.
    associatedtype CallError: Error & Sendable
    /// What the link reports to the station.
    associatedtype Event: Sendable

    /// Added to the log line of a new connection (nothing for 1.6, " (OCPP 2.0.1)").
    static var connectionNote: String { get }
    /// The event of a connection that opened.
    static var connected: Event { get }
    /// The event of a connection that closed.
    static var disconnected: Event { get }
    /// The event of a connection attempt that failed as a security event; nil when the version
    /// does not report them.
    static func securityFailure(_ kind: SecurityEventKind, techInfo: String) -> Event?
    /// Whether `attach` reports `connected` when a connection is open already (a station
    /// attached after a reboot learns that it is online).
    static var reportsConnectionOnAttach: Bool { get }

    /// The text of a CALL with a ready payload.
    static func callFrame(id: MessageId, action: Action, payload: JSONValue) -> String
    /// The text of a CALLRESULT.
    static func resultFrame(_ result: CallResult) -> String
    /// The text of a CALLERROR.
    static func errorFrame(_ error: CallError) -> String
    /// The code of a CALL answered while no station is attached (InternalError).
    static var internalError: Frames.ErrorCode { get }
    /// A CALLERROR of this version.
    static func callError(id: MessageId, code: Frames.ErrorCode, description: String, details: JSONValue) -> CallError
    /// A CALLERROR's code and description, for the log.
    static func describe(_ error: CallError) -> (code: String, description: String)

    /// The payload to send for a queued message of `action`, or why it cannot be sent (it is then
    /// dropped). `transactionIds` caches what the store knows, by local transaction id.
    static func prepare(_ message: QueuedMessage, _ action: Action, store: any StationStore, transactionIds: inout [Int64: Int]) -> QueuedPayload
    /// Acts on the answer to a queued message: records what it says and removes the row, or says
    /// that its removal can wait (answered MeterValues, removed a page at a time).
    static func delivered(
        _ message: QueuedMessage, answer: JSONValue, store: any StationStore, transactionIds: inout [Int64: Int], log: (String) -> Void
    ) -> QueuedDelivery<Event>
    /// The event of a queued message dropped (after its last attempt, or unsendable), if any.
    static func dropped(_ message: QueuedMessage, _ action: Action) -> Event?
}

/// What to send for a queued message.
public enum QueuedPayload: Sendable {
    /// Send this payload.
    case send(JSONValue)
    /// Do not send it; drop it, logging why.
    case drop(reason: String)
}

/// What became of a queued message that the central system answered.
public enum QueuedDelivery<Event: Sendable>: Sendable {
    /// Its row is removed; report the event, if any.
    case removed(Event?)
    /// Its row is removed later, with the rest of the page (answered MeterValues).
    case removeLater
    /// The answer is unusable: it is sent again.
    case sendAgain
}

/// Why a CALL got no usable answer, in the terms of a version's CALLERROR; each version's public
/// API turns it into its own error type (`LinkError`, `Link201Error`).
public enum CallFailure<CallError: Error & Sendable>: Error, Sendable {
    /// Not connected: the CALL was not sent.
    case offline
    /// No answer within the response timeout.
    case timeout
    /// The central system answered with a CALLERROR.
    case callError(CallError)
    /// The answer does not match the response schema.
    case invalidResponse(String)
}
