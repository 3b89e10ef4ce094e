// One open WebSocket to the central system: text frames in (through `WebSocketFrameHandler`, on
// the channel's event loop) and out (masked), a ping each time the link's timer asks for one
// (every WebSocketPingInterval) with a dead peer detected by a missing pong, and the close
// handshake in both directions (ours waits, bounded, for the central system's Close frame).

import NIOCore
import NIOWebSocket
import StationHAL
import Synchronization

/// A WebSocket connection carrying OCPP-J text frames. Safe to use from any isolation.
final class WebSocketConnection<C: StationClock>: FrameConnection {
    let incoming: AsyncStream<String>
    private let channel: any Channel
    private let state: WebSocketLinkState
    private let clock: C
    private let log: @Sendable (String) -> Void
    let keepAliveInterval: Duration?

    /// How long our close waits for the central system's Close frame before dropping the socket.
    static var closeHandshakeTimeout: Duration { .seconds(2) }

    /// The connection over `opened`, an upgraded channel whose handler feeds `opened.incoming`.
    init(_ opened: OpenedWebSocket, clock: C, pingInterval: Duration, log: @escaping @Sendable (String) -> Void) {
        channel = opened.channel
        incoming = opened.incoming
        state = opened.state
        self.clock = clock
        self.log = log
        keepAliveInterval = pingInterval > .zero ? pingInterval : nil
    }

    func keepAlive() -> Bool {
        let unanswered = state.awaitingPong.withLock { pending -> Bool in
            defer { pending = true }
            return pending
        }
        if unanswered {
            log("no pong within \(keepAliveInterval ?? .zero); the central system is gone, closing the connection")
            channel.close(promise: nil)
            return false
        }
        if state.isOpen {
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: ByteBuffer(string: "ocpp")), promise: nil)
        }
        return true
    }

    func send(_ text: String) async throws(TransportError) {
        guard state.isOpen else { throw TransportError("connection closed") }
        do {
            try await channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))).get()
        } catch {
            throw TransportError("send failed: \(error)")
        }
    }

    /// Sends a Close frame with `reason`'s code, then waits until the central system answers with
    /// its own Close frame (or drops the connection), at most `closeHandshakeTimeout`, before
    /// closing the socket: a close that just dropped the socket would look like a crash. Runs to
    /// its end also when the calling task is cancelled (shutdown is such a task).
    func close(_ reason: CloseReason) async {
        let (state, clock, channel) = (self.state, self.clock, self.channel)
        // A task of its own, so that a cancelled caller still completes the handshake.
        await Task {
            // Nothing is sent after our Close frame.
            guard state.leave(to: .closing) else {
                try? await channel.close()
                return
            }
            var data = ByteBuffer()
            data.write(webSocketErrorCode: reason.webSocketErrorCode)
            if (try? await channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)).get()) != nil {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { try? await channel.closeFuture.get() }
                    group.addTask { try? await clock.sleep(until: clock.now.advanced(by: Self.closeHandshakeTimeout), tolerance: nil) }
                    await group.next()
                    // The socket closes now, if the central system has not closed it already.
                    try? await channel.close()
                    group.cancelAll()
                }
            }
            try? await channel.close()
        }.value
    }
}

/// An upgraded WebSocket channel with its frame handler in place, before the connection takes it.
struct OpenedWebSocket: Sendable {
    let channel: any Channel
    let incoming: AsyncStream<String>
    let state: WebSocketLinkState

    /// Puts a `WebSocketFrameHandler` at the end of `channel`'s pipeline. Call on its event loop.
    static func install(on channel: any Channel, log: @escaping @Sendable (String) -> Void) throws -> OpenedWebSocket {
        let (incoming, messages) = AsyncStream.makeStream(of: String.self)
        let state = WebSocketLinkState()
        try channel.pipeline.syncOperations.addHandler(WebSocketFrameHandler(messages: messages, state: state, log: log))
        return OpenedWebSocket(channel: channel, incoming: incoming, state: state)
    }
}

extension CloseReason {
    /// The status code of the Close frame.
    var webSocketErrorCode: WebSocketErrorCode {
        switch self {
        case .normal: .normalClosure
        case .goingAway: .goingAway
        }
    }
}
