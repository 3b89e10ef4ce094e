// The port of an OCPP 2.0.1 station to its central system: send a CALL and await its answer, be
// woken for queued TransactionEvents; and what the link tells the station. `CentralSystemClient201`
// in CentralSystem implements it over the same transports as the 1.6 link.

public import OCPP201
public import enum OCPP.JSONValue

/// Why a 2.0.1 CALL got no usable answer.
public enum Link201Error: Error, Sendable, Equatable {
    /// Not connected: the CALL was not sent.
    case offline
    /// No answer within the response timeout.
    case timeout
    /// The central system answered with a CALLERROR.
    case callError(CallError)
    /// The answer does not match the response schema.
    case invalidResponse(String)
}

/// The 2.0.1 station's connection to its central system. Call from any isolation.
public protocol CentralSystemLink201: Sendable {
    /// Sends a CALL that is not a queued TransactionEvent and waits for its answer.
    func call<R: OCPPRequest>(_ request: R) async throws(Link201Error) -> R.Response
    /// Tells the link that TransactionEvents were added to the persistent queue.
    func transactionEventsQueued()
    /// Starts or pauses delivery of queued TransactionEvents (paused until the station is
    /// accepted: a Pending or Rejected station sends no transaction messages).
    func setTransactionEventDelivery(enabled: Bool)
    /// How often a TransactionEvent the CSMS answered with a CALLERROR is sent in all
    /// (OCPPCommCtrlr.MessageAttempts[TransactionEvent]) and the wait unit between tries
    /// (MessageAttemptInterval[TransactionEvent]: the n-th retry waits n units).
    func setRetryPolicy(attempts: Int, interval: Duration)
}

/// What the 2.0.1 link reports to the station.
public enum LinkEvent201: Sendable, Equatable {
    /// The connection is up (after start or a reconnect).
    case connected
    /// The connection is down.
    case disconnected
    /// The CSMS answered a queued TransactionEvent (`request` as queued) with `response`.
    case transactionEventAnswered(request: JSONValue, response: JSONValue)
}

/// The station side of incoming 2.0.1 CALLs: the link hands each CSMS request here and sends the
/// answer back at once.
public protocol RequestHandler201: Sendable {
    /// Answers a CSMS request: the response payload, or the CALLERROR to send. `frameBytes` is the
    /// length of the received CALL frame (for DeviceDataCtrlr.BytesPerMessage).
    func handle(_ call: Call, frameBytes: Int) async -> Result<JSONValue, CallError>
}
