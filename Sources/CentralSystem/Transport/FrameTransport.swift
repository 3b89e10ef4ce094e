// The transport below the OCPP-J client: something that opens a connection over which text
// frames go both ways. The WebSocket transport implements it for real links; tests use an
// in-process loopback to a CSMS double.

public import StationCore

/// Why a connection could not be opened or broke.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened, for the log (never contains secrets).
    public let message: String
    /// The HTTP status of a refused WebSocket upgrade, if that was the reason.
    public let httpStatus: Int?
    /// The security event the failure is (a server certificate that failed verification, a
    /// refused password, a TLS version or cipher suite the peers do not share), if it is one.
    public let securityEvent: SecurityEventKind?

    /// Creates the error.
    public init(_ message: String, httpStatus: Int? = nil, securityEvent: SecurityEventKind? = nil) {
        self.message = message
        self.httpStatus = httpStatus
        self.securityEvent = securityEvent
    }

    public var description: String { message }
}

/// Why the station closes a connection: the status code of its WebSocket Close frame (RFC 6455
/// section 7.4.1).
public enum CloseReason: Sendable, Equatable {
    /// 1000: the connection is done with, the station stays (a network cut, a reconnect).
    case normal
    /// 1001: the station is going away: it shuts down or reboots (Reset, firmware installation).
    case goingAway
}

/// Opens connections to the central system. Safe to use from any isolation.
public protocol FrameTransport: Sendable {
    /// Opens a connection, or throws why it could not.
    func connect() async throws(TransportError) -> any FrameConnection
    /// Why the transport could not connect with `security` (a missing prerequisite), or nil.
    func securityProblem(_ security: LinkSecurity) -> String?
    /// Connects with `security` from the next connection on; returns the security it had, or nil
    /// when it cannot (then nothing changed).
    func applySecurity(_ security: LinkSecurity) -> LinkSecurity?
}

extension FrameTransport {
    /// A transport without security settings (a loopback in tests) takes any.
    public func securityProblem(_ security: LinkSecurity) -> String? { nil }
    /// A transport without security settings (a loopback in tests) takes any and keeps nothing.
    public func applySecurity(_ security: LinkSecurity) -> LinkSecurity? { security }
}

/// One open connection. Safe to use from any isolation.
public protocol FrameConnection: Sendable {
    /// The text frames received, in order; finishes when the connection closes.
    var incoming: AsyncStream<String> { get }
    /// Sends a text frame.
    func send(_ text: String) async throws(TransportError)
    /// Closes the connection with a Close frame carrying `reason` and waits (bounded) for the
    /// central system's Close frame; the incoming stream then finishes.
    func close(_ reason: CloseReason) async
    /// How often the link calls `keepAlive()` while the connection is open (nil: never).
    var keepAliveInterval: Duration? { get }
    /// Sends a keep-alive (a WebSocket ping); when the one before got no answer, closes the
    /// connection instead (the central system is gone) and returns false.
    func keepAlive() -> Bool
}

extension FrameConnection {
    /// A connection without keep-alives (a loopback in tests).
    public var keepAliveInterval: Duration? { nil }
    /// A connection without keep-alives is always alive.
    public func keepAlive() -> Bool { true }

    /// Closes the connection with reason `.normal`.
    public func close() async { await close(.normal) }
}
