// The port to the central system: send a CALL and await its answer, be woken for queued
// transaction messages; and what the link tells the station (connection changes, answers to
// transaction messages). The WebSocket link in CentralSystem implements it.

public import OCPP

/// Why a CALL got no usable answer.
public enum LinkError: Error, Sendable, Equatable {
    /// Not connected: the CALL was not sent.
    case offline
    /// No answer within the response timeout.
    case timeout
    /// The central system answered with a CALLERROR.
    case callError(CallError)
    /// The answer does not match the response schema.
    case invalidResponse(String)
}

/// The station's connection to its central system. Call from any isolation.
public protocol CentralSystemLink: Sendable {
    /// Sends a CALL that is not a transaction message and waits for its answer.
    func call<R: OCPPRequest>(_ request: R) async throws(LinkError) -> R.Response
    /// Tells the link that transaction messages were added to the store's queue.
    func transactionMessagesQueued()
    /// Starts or pauses delivery of queued transaction messages (paused until the station is
    /// registered: a Pending or Rejected station sends nothing of its own).
    func setTransactionMessageDelivery(enabled: Bool)
    /// Sets how often a transaction message the central system failed to process is sent
    /// (TransactionMessageAttempts) and the wait unit between tries (TransactionMessageRetryInterval).
    func setRetryPolicy(attempts: Int, interval: Duration)
    /// Why the link could not connect with `security` (a prerequisite of its profile missing:
    /// AuthorizationKey, a CentralSystemRootCertificate, a charge point certificate; or a URL
    /// that does not fit), or nil when it can.
    func securityProblem(_ security: LinkSecurity) -> String?
    /// Closes the connection and connects with `security` (a SecurityProfile or AuthorizationKey
    /// change), after the answers being written are out. Returns true once a connection with it
    /// is open; false when none could be opened, after which the link is back on `fallback` (nil:
    /// the security it had) and reconnects with that. When the link already uses `security` and
    /// is connected (a change resumed after a reboot), returns true at once.
    func changeSecurity(to security: LinkSecurity, fallingBackTo fallback: LinkSecurity?) async -> Bool
}

extension CentralSystemLink {
    /// A link without security settings (a test double) takes any.
    public func securityProblem(_ security: LinkSecurity) -> String? { nil }
    /// A link without security settings (a test double) takes any at once.
    public func changeSecurity(to security: LinkSecurity, fallingBackTo fallback: LinkSecurity?) async -> Bool { true }
}

/// What the link reports to the station.
public enum LinkEvent: Sendable, Equatable {
    /// The connection is up (after start or a reconnect).
    case connected
    /// The connection is down.
    case disconnected
    /// The central system answered a StartTransaction from the queue.
    case startTransactionAnswered(localTransactionId: Int64, StartTransaction.Response)
    /// The central system answered a StopTransaction from the queue.
    case stopTransactionAnswered(localTransactionId: Int64, idTag: IdToken?, StopTransaction.Response)
    /// A transaction message was dropped (after its last attempt, or because its transaction
    /// never got an id).
    case transactionMessageDropped(localTransactionId: Int64, Action)
    /// A connection attempt failed in a way that is a security event (a server certificate that
    /// failed verification, refused credentials, no common TLS version or cipher suite).
    case securityFailure(SecurityEventKind, techInfo: String)
    /// The central system answered a SecurityEventNotification from the queue.
    case securityEventDelivered
}

/// The station side of incoming CALLs: the link hands each CSMS request here and sends back the
/// answer at once. Whatever the request causes may be sent at once too: the link writes the
/// answer before any station CALL made meanwhile (`AnswerOrder`).
public protocol CentralSystemRequestHandler: Sendable {
    /// Answers a CSMS request: the response payload, or the CALLERROR to send.
    func handle(_ call: Call) async -> Result<JSONValue, CallError>
}
