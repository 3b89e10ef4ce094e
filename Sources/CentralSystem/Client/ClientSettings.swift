// How the OCPP-J client connects and waits: the response timeout, the reconnection backoff, the
// bound of the transaction-message queue and the pause before a reboot closes the connection.

/// How the client connects and waits.
public struct ClientSettings: Sendable {
    /// How long a CALL waits for its answer.
    public var responseTimeout: Duration
    /// The first wait before reconnecting; doubled after each failure up to `maximumBackoff`. Each
    /// wait is drawn at random between half and all of the current step (jitter).
    public var initialBackoff: Duration
    /// The longest wait between reconnection attempts.
    public var maximumBackoff: Duration
    /// The most transaction messages the queue holds (oldest periodic MeterValues go first).
    public var queueLimit: Int
    /// How long a reboot waits after the last answer before closing the connection, as a
    /// rebooting board takes a moment to go down: a central system that reads the Close frame in
    /// the same instant as the Reset's answer may otherwise take the answer as lost.
    public var rebootDelay: Duration
    /// How many connections a SecurityProfile or AuthorizationKey change tries, one after the
    /// other, before the link falls back to the previous security.
    public var securityChangeAttempts: Int = 3

    /// Creates the settings (defaults: 10 s timeout as in the seed certificate PICS; backoff
    /// 1 s up to 60 s; 1 s from a Reset's answer to the Close frame).
    public init(
        responseTimeout: Duration = .seconds(10), initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(60), queueLimit: Int = 100_000,
        rebootDelay: Duration = .seconds(1)
    ) {
        self.responseTimeout = responseTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.queueLimit = queueLimit
        self.rebootDelay = rebootDelay
    }
}
