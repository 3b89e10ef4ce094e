// OCPP 2.0.1 as the one link speaks it: its frames and events; its queued messages are
// TransactionEvents (rows of the store's queue table), sent as queued and removed once answered.

public import OCPP
public import OCPP201
public import StationCore

/// OCPP 2.0.1 for `LinkClient` (`CentralSystemClient201`): its frames; its queued messages are
/// TransactionEvents, sent as queued, removed once answered, their answers told to the station.
public enum OCPP201Link: LinkVersion {
    public typealias Frames = OCPP201Frames
    public typealias Action = OCPP201.Action
    public typealias CallError = OCPP201.CallError
    public typealias Event = LinkEvent201

    public static var connectionNote: String { " (OCPP 2.0.1)" }
    public static var connected: LinkEvent201 { .connected }
    public static var disconnected: LinkEvent201 { .disconnected }
    /// None: the 2.0.1 station does not take security events from the link (yet).
    public static func securityFailure(_ kind: SecurityEventKind, techInfo: String) -> LinkEvent201? { nil }
    /// Yes: the 2.0.1 runtime attaches the station after a Reset's reconnection may have opened.
    public static var reportsConnectionOnAttach: Bool { true }

    public static func callFrame(id: MessageId, action: OCPP201.Action, payload: JSONValue) -> String {
        OCPP201.FrameEncoder.call(id: id, action: action, payload: payload)
    }

    public static func resultFrame(_ result: CallResult) -> String { OCPP201.FrameEncoder.callResult(result) }
    public static func errorFrame(_ error: OCPP201.CallError) -> String { OCPP201.FrameEncoder.callError(error) }
    public static var internalError: OCPP201.CallErrorCode { .internalError }

    public static func callError(id: MessageId, code: OCPP201.CallErrorCode, description: String, details: JSONValue) -> OCPP201.CallError {
        OCPP201.CallError(id: id, code: code, description: description, details: details)
    }

    public static func describe(_ error: OCPP201.CallError) -> (code: String, description: String) { (error.code.rawValue, error.description) }

    /// A queued 2.0.1 message goes as it was queued (a TransactionEvent carries the station's own
    /// transactionId).
    public static func prepare(_ message: QueuedMessage, _ action: OCPP201.Action, store: any StationStore, transactionIds: inout [Int64: Int]) -> QueuedPayload {
        .send(message.payload)
    }

    public static func delivered(
        _ message: QueuedMessage, answer: JSONValue, store: any StationStore, transactionIds: inout [Int64: Int], log: (String) -> Void
    ) -> QueuedDelivery<LinkEvent201> {
        try? store.removeQueuedMessage(sequence: message.sequence)
        // The station learns the answer's idTokenInfo (cache, deauthorization).
        return .removed(.transactionEventAnswered(request: message.payload, response: answer))
    }

    public static func dropped(_ message: QueuedMessage, _ action: OCPP201.Action) -> LinkEvent201? { nil }
}
