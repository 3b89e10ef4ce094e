// A transport that tells the metrics of every connection it opens, so that connections and
// reconnects are counted at the link's edge without touching the link or the station.

public import CentralSystem
public import StationCore
import Synchronization

/// Wraps a transport and reports each opened connection to `metrics`. Safe to use from any
/// isolation.
public final class ConnectionCountingTransport: FrameTransport {
    private let inner: any FrameTransport
    private let metrics: StationMetrics
    private let opened = Mutex(0)

    /// Wraps `inner`.
    public init(_ inner: any FrameTransport, metrics: StationMetrics) {
        self.inner = inner
        self.metrics = metrics
    }

    public func connect() async throws(TransportError) -> any FrameConnection {
        let connection = try await inner.connect()
        let count = opened.withLock { count in
            count += 1
            return count
        }
        metrics.connectionOpened(first: count == 1)
        return connection
    }

    // Forwarded, so that a profile change reaches the WebSocket transport through this wrapper
    // (the protocol's defaults would take any security and keep nothing).
    public func securityProblem(_ security: LinkSecurity) -> String? { inner.securityProblem(security) }
    public func applySecurity(_ security: LinkSecurity) -> LinkSecurity? { inner.applySecurity(security) }
}
