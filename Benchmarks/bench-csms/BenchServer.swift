// The benchmark CSMS's listening socket: HTTP/1.1 upgraded to a WebSocket with subprotocol
// ocpp1.6 on any path, the charge point id taken from the path's last segment.

import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Starts the server on `host:port` (0: any free port) and returns its channel.
func startServer(host: String, port: Int, group: MultiThreadedEventLoopGroup, registry: Registry, answers: Answers) throws -> any Channel {
    let upgrader = NIOWebSocketServerUpgrader(
        maxFrameSize: 1 << 20,
        shouldUpgrade: { channel, head in
            let offered = head.headers["Sec-WebSocket-Protocol"].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters() }
            guard offered.contains("ocpp1.6") else { return channel.eventLoop.makeSucceededFuture(nil) }
            return channel.eventLoop.makeSucceededFuture(HTTPHeaders([("Sec-WebSocket-Protocol", "ocpp1.6")]))
        },
        upgradePipelineHandler: { channel, head in
            let path = head.uri.split(separator: "?").first ?? ""
            let id = String(path.split(separator: "/").last ?? "unknown").removingPercentEncoding
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(StationSession(chargePointId: id, registry: registry, answers: answers))
            }
        }
    )
    return try ServerBootstrap(group: group)
        .serverChannelOption(ChannelOptions.backlog, value: 4096)
        .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
            }
        }
        .bind(host: host, port: port)
        .wait()
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension String {
    /// The string with `%XX` escapes decoded (charge point ids are percent-encoded in the URL).
    var removingPercentEncoding: String {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
