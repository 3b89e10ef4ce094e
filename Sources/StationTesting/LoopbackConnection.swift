// An in-process connection between the station's client and a CSMS double: text frames go both
// ways through async streams, as over a WebSocket.

public import CentralSystem

/// The station's end of a loopback connection. Safe to use from any isolation.
public struct LoopbackConnection: FrameConnection {
    public let incoming: AsyncStream<String>
    let deliver: @Sendable (String) async -> Bool
    let closer: @Sendable (CloseReason) async -> Void

    public func send(_ text: String) async throws(TransportError) {
        guard await deliver(text) else { throw TransportError("connection closed") }
    }

    public func close(_ reason: CloseReason) async { await closer(reason) }
}
