// One OCPP-J frame as the dashboard's live log and the metrics see it: its direction, kind,
// action (a CALLRESULT or CALLERROR borrows the action of the CALL it answers), error code and,
// for an answer, the round trip since its CALL.

public import OCPP

/// A frame sent or received, classified. Built by ``FrameFeed``.
public struct ObservedFrame: Sendable, Equatable {
    /// The kind of an OCPP-J frame (its message type id).
    public enum Kind: String, Sendable, CaseIterable {
        case call = "CALL"
        case callResult = "CALLRESULT"
        case callError = "CALLERROR"
        /// Not an OCPP-J array with a known message type id.
        case unreadable = "UNREADABLE"
    }

    /// Position in the feed, from 1; the live log uses it to drop duplicates after a reconnect.
    public var sequence: Int
    public var timestamp: Timestamp
    /// True for a frame the station sent, false for one it received.
    public var sent: Bool
    public var kind: Kind
    public var messageId: String?
    /// The CALL's action; for an answer, the action of the CALL it answers when that was seen.
    public var action: String?
    /// A CALLERROR's code.
    public var errorCode: String?
    /// For an answer: the time since its CALL went the other way.
    public var roundTrip: Duration?
    /// The frame's text as it went over the wire.
    public var text: String

    /// The fields of an OCPP-J frame's text, without correlation: (kind, message id, action or
    /// error code). An unreadable frame has neither id nor action.
    static func classify(_ text: String) -> (kind: Kind, messageId: String?, action: String?, errorCode: String?) {
        guard case .array(let items)? = try? JSONParser.parse(text), items.count >= 3,
              case .number(let type) = items[0], case .string(let id) = items[1] else { return (.unreadable, nil, nil, nil) }
        switch type {
        case "2":
            guard case .string(let action) = items[2] else { return (.unreadable, id, nil, nil) }
            return (.call, id, action, nil)
        case "3": return (.callResult, id, nil, nil)
        case "4":
            guard case .string(let code) = items[2] else { return (.unreadable, id, nil, nil) }
            return (.callError, id, nil, code)
        default: return (.unreadable, id, nil, nil)
        }
    }

    /// The frame as one JSON object of the live log.
    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("seq", .integer(sequence)), ("timestamp", .string(timestamp.rfc3339)), ("direction", .string(sent ? "sent" : "received")),
            ("kind", .string(kind.rawValue)), ("messageId", messageId.map { .string($0) } ?? .null), ("action", action.map { .string($0) } ?? .null),
        ]
        if let errorCode { fields.append(("errorCode", .string(errorCode))) }
        if let roundTrip {
            let (seconds, attoseconds) = roundTrip.components
            fields.append(("roundTripMs", .double(Double(seconds) * 1000 + Double(attoseconds) / 1e15)))
        }
        fields.append(("frame", .string(text)))
        return .object(fields)
    }
}
