// What tells OCPP-J versions apart at the frame level: the action catalogue and the CALLERROR
// codes. `FrameParser` reads frames once for every version through a dialect.

/// The version-specific part of reading OCPP-J frames: which actions exist (and who may send
/// them) and which CALLERROR code names each failure. Implemented once per OCPP version
/// (`OCPP16Frames` here, `OCPP201Frames` in OCPP201).
public protocol FrameDialect: Sendable {
    /// The version's CALLERROR codes.
    associatedtype ErrorCode: RawRepresentable & Sendable where ErrorCode.RawValue == String
    /// The version's typed request (an existential of its request protocol).
    associatedtype Request: Sendable

    /// The code of a frame-level failure.
    static func errorCode(for failure: FrameFailure) -> ErrorCode
    /// The code of a payload that does not match its schema.
    static func errorCode(for error: PayloadError) -> ErrorCode
    /// The code standing in for a CALLERROR code this version does not define.
    static var genericError: ErrorCode { get }
    /// The typed request of the action named `action`, decoded from `payload`; nil when this
    /// version has no such action or `receiver` does not accept it (it is one `receiver` sends).
    static func request(named action: String, receiver: Initiator, payload: JSONValue) throws(PayloadError) -> Request?
}

/// A frame-level reason to answer a frame with a CALLERROR.
public enum FrameFailure: Sendable, Equatable {
    /// Element 0 is not 2, 3 or 4.
    case unknownMessageType
    /// The message id of a CALL is longer than `MessageId.maximumLength`.
    case messageIdTooLong
    /// A CALL with fewer than 4 elements.
    case incompleteCall
    /// A CALL with more than 4 elements.
    case oversizedCall
    /// A CALL whose action is not a string.
    case actionNotAString
    /// A CALL of an action the receiver does not implement.
    case notImplemented
}

extension Initiator {
    /// Whether a CALL of an action that `self` initiates may be received by `receiver`.
    public func canBeReceived(by receiver: Initiator) -> Bool {
        switch (self, receiver) {
        case (.either, _), (_, .either): true
        case (.chargePoint, .centralSystem), (.centralSystem, .chargePoint): true
        default: false
        }
    }
}
