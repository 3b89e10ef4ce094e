// A transport that can be cut and restored without stopping the station: the control API's
// POST /api/network uses it to simulate a network loss.

public import CentralSystem
public import StationCore
import Synchronization

/// Wraps a transport; while switched off, connecting fails and the open connection is closed.
/// Safe to use from any isolation.
public final class SwitchableTransport: FrameTransport {
    private let inner: any FrameTransport
    private let state = Mutex<(online: Bool, connection: (any FrameConnection)?)>((true, nil))

    /// Wraps `inner`.
    public init(_ inner: any FrameTransport) {
        self.inner = inner
    }

    /// Whether the network is up.
    public var isOnline: Bool { state.withLock { $0.online } }

    /// Cuts or restores the network.
    public func setOnline(_ online: Bool) async {
        let toClose = state.withLock { state -> (any FrameConnection)? in
            state.online = online
            guard !online else { return nil }
            defer { state.connection = nil }
            return state.connection
        }
        await toClose?.close()
    }

    public func connect() async throws(TransportError) -> any FrameConnection {
        guard isOnline else { throw TransportError("network is down (cut through the control API)") }
        let connection = try await inner.connect()
        let stillOnline = state.withLock { state -> Bool in
            if state.online { state.connection = connection }
            return state.online
        }
        if !stillOnline {
            await connection.close()
            throw TransportError("network is down (cut through the control API)")
        }
        return connection
    }

    public func securityProblem(_ security: LinkSecurity) -> String? { inner.securityProblem(security) }
    public func applySecurity(_ security: LinkSecurity) -> LinkSecurity? { inner.applySecurity(security) }
}
