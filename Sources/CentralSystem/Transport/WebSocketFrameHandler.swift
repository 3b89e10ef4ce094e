// The inbound end of one WebSocket, in the channel's pipeline on its event loop: text frames
// (fragments joined) go straight into the connection's stream, pings are answered, pongs noted,
// and the close handshake is completed in both directions. No task reads the channel.

import NIOCore
import NIOWebSocket
import Synchronization

/// What the channel handler, the pinger and the senders of one connection share. Safe to use from
/// any isolation.
final class WebSocketLinkState: Sendable {
    /// Where the sending side stands.
    enum Phase: Sendable {
        /// Frames may be sent.
        case open
        /// We sent our Close frame: the central system's Close frame answers it and is not echoed,
        /// and nothing more is sent.
        case closing
        /// The connection ended, or the central system closed it: nothing more is sent.
        case ended
    }

    let phase = Mutex(Phase.open)
    /// A ping is on its way and no pong has come since.
    let awaitingPong = Mutex(false)

    /// Whether frames may be sent now.
    var isOpen: Bool { phase.withLock { $0 == .open } }

    /// Moves from open to `next`; returns whether the connection was open.
    func leave(to next: Phase) -> Bool {
        phase.withLock { phase in
            guard phase == .open else {
                if next == .ended { phase = .ended }
                return false
            }
            phase = next
            return true
        }
    }
}

/// Turns the channel's WebSocket frames into the connection's text messages. Lives on the
/// channel's event loop.
final class WebSocketFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// The longest message accepted (OCPP messages are far smaller).
    static var maximumMessageBytes: Int { 4 << 20 }

    private let messages: AsyncStream<String>.Continuation
    private let state: WebSocketLinkState
    private let log: @Sendable (String) -> Void
    /// The fragments of a message that has not ended yet (nil: none is being collected).
    private var fragments: [UInt8]?

    init(messages: AsyncStream<String>.Continuation, state: WebSocketLinkState, log: @escaping @Sendable (String) -> Void) {
        self.messages = messages
        self.state = state
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text where frame.fin:
            messages.yield(String(buffer: frame.unmaskedData))
        case .text:
            fragments = Array(frame.unmaskedData.readableBytesView)
        case .continuation:
            guard var collected = fragments else { return }
            collected += frame.unmaskedData.readableBytesView
            guard collected.count <= Self.maximumMessageBytes else {
                log("incoming message longer than \(Self.maximumMessageBytes) bytes; closing")
                fragments = nil
                context.close(promise: nil)
                return
            }
            if frame.fin {
                messages.yield(String(decoding: collected, as: UTF8.self))
                fragments = nil
            } else {
                fragments = collected
            }
        case .ping:
            guard state.isOpen else { return }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)), promise: nil)
        case .pong:
            state.awaitingPong.withLock { $0 = false }
        case .connectionClose:
            receivedClose(frame, context: context)
        case .binary:
            log("binary WebSocket frame ignored (OCPP-J uses text frames)")
        default:
            break
        }
    }

    /// The central system's Close frame: the answer to ours (then the socket closes), or its own
    /// close, which is echoed with its code before the socket closes.
    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        guard state.leave(to: .ended) else {
            context.close(promise: nil)
            return
        }
        var data = frame.unmaskedData
        let code = data.readWebSocketErrorCode() ?? .normalClosure
        log("the central system closed the WebSocket (\(code))")
        var reply = context.channel.allocator.buffer(capacity: 2)
        reply.write(webSocketErrorCode: code)
        let echoed = context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: reply)))
        let channel = context.channel
        echoed.whenComplete { _ in channel.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = state.leave(to: .ended)
        messages.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        log("WebSocket closed: \(error)")
        context.close(promise: nil)
    }
}
