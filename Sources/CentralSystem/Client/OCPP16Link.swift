// OCPP 1.6J as the link speaks it: its frames and events, and its transaction messages: the
// transactionId of the StartTransaction answer written into every later message of that
// transaction, and the answers reported to the station.

public import OCPP
public import StationCore

/// OCPP 1.6J for `LinkClient` (`CentralSystemClient`).
public enum OCPP16Link: LinkVersion {
    public typealias Frames = OCPP16Frames
    public typealias Action = OCPP.Action
    public typealias CallError = OCPP.CallError
    public typealias Event = LinkEvent

    public static var connectionNote: String { "" }
    public static var connected: LinkEvent { .connected }
    public static var disconnected: LinkEvent { .disconnected }
    public static func securityFailure(_ kind: SecurityEventKind, techInfo: String) -> LinkEvent? { .securityFailure(kind, techInfo: techInfo) }
    /// No: the 1.6 supervisor attaches a new station before it waits for the connection.
    public static var reportsConnectionOnAttach: Bool { false }

    public static func callFrame(id: MessageId, action: Action, payload: JSONValue) -> String {
        FrameEncoder.call(id: id, action: action, payload: payload)
    }

    public static func resultFrame(_ result: CallResult) -> String { FrameEncoder.callResult(result) }
    public static func errorFrame(_ error: CallError) -> String { FrameEncoder.callError(error) }
    public static var internalError: CallErrorCode { .internalError }

    public static func callError(id: MessageId, code: CallErrorCode, description: String, details: JSONValue) -> CallError {
        CallError(id: id, code: code, description: description, details: details)
    }

    public static func describe(_ error: CallError) -> (code: String, description: String) { (error.code.rawValue, error.description) }

    /// StartTransaction and SecurityEventNotification go as queued; StopTransaction and
    /// MeterValues get the transactionId of their StartTransaction's answer, and are dropped when
    /// that answer never came and never will (the StartTransaction was dropped).
    public static func prepare(_ message: QueuedMessage, _ action: Action, store: any StationStore, transactionIds: inout [Int64: Int]) -> QueuedPayload {
        // StartTransaction and a SecurityEventNotification (queued for the same reliability)
        // carry no transactionId.
        guard action != .startTransaction, action != .securityEventNotification else { return .send(message.payload) }
        let known = transactionIds[message.localTransactionId]
        guard let transactionId = known ?? (try? store.transactionId(ofLocal: message.localTransactionId)) else {
            return .drop(reason: "its StartTransaction was never answered, so it has no transactionId")
        }
        transactionIds[message.localTransactionId] = transactionId
        guard case .object(var members) = message.payload else { return .send(message.payload) }
        if let index = members.firstIndex(where: { $0.key == "transactionId" }) {
            members[index].value = .integer(transactionId)
        } else {
            members.append(("transactionId", .integer(transactionId)))
        }
        return .send(.object(members))
    }

    public static func delivered(
        _ message: QueuedMessage, answer: JSONValue, store: any StationStore, transactionIds: inout [Int64: Int], log: (String) -> Void
    ) -> QueuedDelivery<LinkEvent> {
        switch message.action {
        case .startTransaction:
            do {
                let response = try StartTransaction.Response.decodePayload(answer)
                try store.setTransactionId(response.transactionId, ofLocal: message.localTransactionId)
                try store.removeQueuedMessage(sequence: message.sequence)
                transactionIds[message.localTransactionId] = response.transactionId
                return .removed(.startTransactionAnswered(localTransactionId: message.localTransactionId, response))
            } catch {
                log("StartTransaction answer unusable, will send again: \(error)")
                return .sendAgain
            }
        case .stopTransaction:
            try? store.removeQueuedMessage(sequence: message.sequence)
            let idTag = message.payload["idTag"].flatMap { value -> IdToken? in
                if case .string(let text) = value { return try? IdToken(text) } else { return nil }
            }
            guard let response = try? StopTransaction.Response.decodePayload(answer) else { return .removed(nil) }
            return .removed(.stopTransactionAnswered(localTransactionId: message.localTransactionId, idTag: idTag, response))
        case .securityEventNotification:
            try? store.removeQueuedMessage(sequence: message.sequence)
            return .removed(.securityEventDelivered)
        case .meterValues:
            return .removeLater
        default:
            try? store.removeQueuedMessage(sequence: message.sequence)
            return .removed(nil)
        }
    }

    public static func dropped(_ message: QueuedMessage, _ action: Action) -> LinkEvent? {
        .transactionMessageDropped(localTransactionId: message.localTransactionId, action)
    }
}
