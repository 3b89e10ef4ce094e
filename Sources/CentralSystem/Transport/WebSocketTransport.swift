// The real transport: a WebSocket client on swift-nio (NIOHTTP1 upgrade, NIOWebSocket framing,
// NIOSSL for wss) that offers one OCPP subprotocol (ocpp1.6 or ocpp2.0.1), checks the one the
// server selected, sends HTTP Basic credentials for profiles 1-2 and a client certificate for
// profile 3. Its endpoint can change between connections (a SecurityProfile or AuthorizationKey
// change).

import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
public import StationCore
public import StationHAL
import Synchronization

/// Opens WebSocket connections to the central system. Safe to use from any isolation.
public struct WebSocketTransport<C: StationClock>: FrameTransport {
    private let current: EndpointSlot
    /// Certificates from the certificate store (trust roots, the charge point certificate).
    let credentials: LinkCredentials
    /// The WebSocket subprotocol offered, and the only one accepted from the server
    /// (`ocpp1.6` or `ocpp2.0.1`).
    public let subprotocol: String
    let clock: C
    let log: @Sendable (String) -> Void

    /// A transport to `endpoint` offering `subprotocol`; pings and their timeouts run on `clock`;
    /// `credentials` adds the certificate store's trust roots and charge point certificate
    /// (profiles 2 and 3).
    public init(
        endpoint: CentralSystemEndpoint, subprotocol: String = "ocpp1.6", clock: C, credentials: LinkCredentials = LinkCredentials(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        current = EndpointSlot(endpoint)
        self.credentials = credentials
        self.subprotocol = subprotocol
        self.clock = clock
        self.log = log
    }

    /// Where the next connection goes, with which credentials.
    public var endpoint: CentralSystemEndpoint { current.value.withLock { $0 } }

    public func securityProblem(_ security: LinkSecurity) -> String? {
        do {
            return try endpoint.applying(security).missingPrerequisite(credentials: credentials)
        } catch {
            return error.message
        }
    }

    public func applySecurity(_ security: LinkSecurity) -> LinkSecurity? {
        current.value.withLock { endpoint -> LinkSecurity? in
            guard let changed = try? endpoint.applying(security) else { return nil }
            let previous = LinkSecurity(
                securityProfile: endpoint.securityProfile.rawValue, authorizationKey: endpoint.authorizationKey,
                pingIntervalSeconds: Int(endpoint.pingInterval.components.seconds)
            )
            endpoint = changed
            return previous
        }
    }

    /// The longest a TLS handshake and WebSocket upgrade may take once the socket is open.
    static var handshakeTimeout: TimeAmount { .seconds(20) }

    enum UpgradeResult: Sendable {
        case websocket(OpenedWebSocket, selectedProtocol: String?)
        case refused(status: UInt)
    }

    public func connect() async throws(TransportError) -> any FrameConnection {
        let endpoint = endpoint
        let target = try endpoint.target()
        let tls = try makeTLSContext(secure: target.secure, endpoint: endpoint)
        let (subprotocol, log) = (subprotocol, log)
        let hostHeader = target.port == (target.secure ? 443 : 80) ? target.host : "\(target.host):\(target.port)"
        let result: UpgradeResult
        do {
            let upgrade: EventLoopFuture<UpgradeResult> = try await ClientBootstrap(group: EventLoopTaskExecutor.preferredLoop ?? MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: target.host, port: target.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            // NIOSSL refuses an IP address as SNI name: verify it without SNI.
                            let isAddress = (try? SocketAddress(ipAddress: target.host, port: 0)) != nil
                            let handler = try NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : target.host)
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        let upgraded = try Self.configureUpgrade(
                            channel: channel, target: target, hostHeader: hostHeader, endpoint: endpoint, subprotocol: subprotocol, log: log
                        )
                        // A server that accepts the socket but never finishes the TLS handshake or
                        // the upgrade must not hold the link (and a security change) forever.
                        let deadline = channel.eventLoop.scheduleTask(in: Self.handshakeTimeout) { channel.close(promise: nil) }
                        upgraded.whenComplete { _ in deadline.cancel() }
                        return upgraded
                    }
                }
            result = try await upgrade.get()
        } catch let error as TransportError {
            throw error
        } catch let error as ChannelError where error == .ioOnClosedChannel || error == .inappropriateOperationForState {
            // Closed by the handshake deadline (or by the server) before the upgrade finished.
            throw TransportError("cannot connect to \(target.host):\(target.port): no TLS handshake and WebSocket upgrade within \(Self.handshakeTimeout.nanoseconds / 1_000_000_000) s, or the server closed the connection")
        } catch {
            throw TransportError("cannot connect to \(target.host):\(target.port): \(error)", securityEvent: TLSFailure.securityEvent(of: error))
        }
        switch result {
        case .refused(let status):
            // 401: the central system refused the Basic credentials (or the certificate).
            throw TransportError(
                "the central system refused the WebSocket upgrade with HTTP \(status)", httpStatus: Int(status),
                securityEvent: status == 401 ? .failedToAuthenticateAtCentralSystem : nil
            )
        case .websocket(let opened, let selected):
            // RFC 6455: the server answers with exactly one of the offered subprotocols.
            guard selected == subprotocol else {
                try? await opened.channel.close()
                throw TransportError("the central system selected subprotocol '\(selected ?? "none")', not \(subprotocol)")
            }
            return WebSocketConnection(opened, clock: clock, pingInterval: endpoint.pingInterval, log: log)
        }
    }

    private static func configureUpgrade(
        channel: any Channel, target: CentralSystemEndpoint.Target, hostHeader: String, endpoint: CentralSystemEndpoint,
        subprotocol: String, log: @escaping @Sendable (String) -> Void
    ) throws -> EventLoopFuture<UpgradeResult> {
        let upgrader = NIOTypedWebSocketClientUpgrader<UpgradeResult>(maxFrameSize: 1 << 20) { channel, response in
            channel.eventLoop.makeCompletedFuture {
                let opened = try OpenedWebSocket.install(on: channel, log: log)
                return .websocket(opened, selectedProtocol: response.headers.first(name: "Sec-WebSocket-Protocol"))
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: hostHeader)
        headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
        if let authorization = endpoint.basicAuthorization { headers.add(name: "Authorization", value: authorization) }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target.path, headers: headers)
        let status = ResponseStatusRecorder()
        let configuration = NIOTypedHTTPClientUpgradeConfiguration<UpgradeResult>(
            upgradeRequestHead: head, upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    defer { channel.close(promise: nil) }
                    return .refused(status: status.status ?? 0)
                }
            }
        )
        let future = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
            configuration: .init(upgradeConfiguration: configuration)
        )
        let upgradeHandler = try channel.pipeline.syncOperations.handler(type: NIOTypedHTTPClientUpgradeHandler<UpgradeResult>.self)
        try channel.pipeline.syncOperations.addHandler(status, position: .before(upgradeHandler))
        return future
    }

    private func makeTLSContext(secure: Bool, endpoint: CentralSystemEndpoint) throws(TransportError) -> NIOSSLContext? {
        guard secure else { return nil }
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            configuration.cipherSuites = TLSFailure.whitepaperCipherSuites
            configuration.certificateVerification = .fullVerification
            // The CA file and the installed CentralSystemRootCertificates; neither: the system's.
            var roots: [NIOSSLCertificate] = []
            if let ca = endpoint.caCertificateFile { roots += try NIOSSLCertificate.fromPEMFile(ca) }
            for pem in credentials.trustRoots() {
                roots += try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
            }
            if !roots.isEmpty { configuration.trustRoots = .certificates(roots) }
            if endpoint.securityProfile == .tlsWithClientCertificate {
                if let identity = credentials.clientIdentity() {
                    configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(identity.certificateChainPEM.utf8)).map { .certificate($0) }
                    configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem))
                } else {
                    guard let certificate = endpoint.clientCertificateFile, let key = endpoint.clientKeyFile else {
                        throw TransportError("security profile 3 needs a client certificate and key file")
                    }
                    configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                    configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
                }
            }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError("TLS set-up failed: \(error)")
        }
    }
}

/// The endpoint the next connection uses, changed between connections.
final class EndpointSlot: Sendable {
    let value: Mutex<CentralSystemEndpoint>
    init(_ endpoint: CentralSystemEndpoint) { value = Mutex(endpoint) }
}

/// Remembers the status of the upgrade response (to report why an upgrade was refused), then
/// leaves the pipeline.
final class ResponseStatusRecorder: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = HTTPClientResponsePart

    /// The status seen; written and read on the channel's event loop.
    private(set) var status: UInt?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            status = head.status.code
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}
