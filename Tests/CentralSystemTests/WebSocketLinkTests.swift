// The WebSocket link against a real central system (the project's, scripts/csms, on the python
// `ocpp` package): subprotocol negotiation, HTTP Basic accepted and refused, TLS with certificates
// the CSMS made at test time (profile 2 with a good and a wrong CA, profile 3 with a client
// certificate), and a whole station booting and charging over it.

import CentralSystem
import Foundation
import OCPP
import StationCore
import StationHAL
import StationSimulation
import StationStorage
import StationTesting
import XCTest

final class WebSocketLinkTests: XCTestCase {
    func endpoint(_ csms: PythonCSMS, id: String = "CP-1", profile: CentralSystemEndpoint.SecurityProfile = .unsecured, secure: Bool = false, key: String? = nil) -> CentralSystemEndpoint {
        CentralSystemEndpoint(url: "\(secure ? "wss" : "ws")://\(secure ? "localhost" : "127.0.0.1"):\(csms.port)/ocpp", chargePointId: id, securityProfile: profile, authorizationKey: key)
    }

    func testIdentityIsPercentEncodedAndSubprotocolNegotiated() async throws {
        let csms = try PythonCSMS()
        defer { csms.stop() }
        let transport = WebSocketTransport(endpoint: endpoint(csms, id: "MX 200/1"), clock: SystemClock())
        let connection = try await transport.connect()
        XCTAssertTrue(csms.waitFor { !csms.events("connected").isEmpty })
        let event = try XCTUnwrap(csms.events("connected").first)
        XCTAssertEqual(event["path"], .string("/ocpp/MX%20200%2F1"))
        XCTAssertEqual(event["subprotocol"], .string("ocpp1.6"))
        await connection.close()
    }

    func testAServerThatDoesNotSelectOcpp16IsRefused() async throws {
        let csms = try PythonCSMS(["--no-subprotocol"])
        defer { csms.stop() }
        do {
            _ = try await WebSocketTransport(endpoint: endpoint(csms), clock: SystemClock()).connect()
            XCTFail("connected without ocpp1.6")
        } catch {
            XCTAssertTrue(error.description.contains("subprotocol"), error.description)
        }
    }

    func testBasicAuthenticationAcceptedAndRefused() async throws {
        let csms = try PythonCSMS(["--password", "s3cret-key"])
        defer { csms.stop() }
        do {
            _ = try await WebSocketTransport(endpoint: endpoint(csms, profile: .basicAuthentication, key: "wrong"), clock: SystemClock()).connect()
            XCTFail("connected with a wrong AuthorizationKey")
        } catch {
            XCTAssertEqual(error.httpStatus, 401, error.description)
            XCTAssertFalse(error.description.contains("wrong"), "the key is never in a message")
        }
        let connection = try await WebSocketTransport(endpoint: endpoint(csms, profile: .basicAuthentication, key: "s3cret-key"), clock: SystemClock()).connect()
        XCTAssertTrue(csms.waitFor { !csms.events("connected").isEmpty })
        await connection.close()
    }

    func testTLSProfilesTwoAndThree() async throws {
        let certificates = try TestCertificates()
        let csms = try PythonCSMS(["--cert", certificates.serverCertificate, "--key", certificates.serverKey, "--client-ca", certificates.caCertificate])
        defer { csms.stop() }
        // Profile 3 with a client certificate signed by the CA the server trusts.
        var profile3 = endpoint(csms, profile: .tlsWithClientCertificate, secure: true)
        profile3.caCertificateFile = certificates.caCertificate
        profile3.clientCertificateFile = certificates.clientCertificate
        profile3.clientKeyFile = certificates.clientKey
        let connection = try await WebSocketTransport(endpoint: profile3, clock: SystemClock()).connect()
        XCTAssertTrue(csms.waitFor { !csms.events("connected").isEmpty })
        await connection.close()

        // A server certificate that the configured CA did not sign is refused.
        var wrongCA = profile3
        wrongCA.caCertificateFile = certificates.otherCACertificate
        do {
            _ = try await WebSocketTransport(endpoint: wrongCA, clock: SystemClock()).connect()
            XCTFail("connected to a server whose certificate the CA did not sign")
        } catch {
            XCTAssertTrue(error.description.lowercased().contains("cert") || error.description.contains("handshake"), error.description)
        }

        // Without a client certificate this server refuses the handshake.
        var withoutClientCertificate = endpoint(csms, profile: .tlsWithBasicAuthentication, secure: true, key: "k")
        withoutClientCertificate.caCertificateFile = certificates.caCertificate
        do {
            let refused = try await WebSocketTransport(endpoint: withoutClientCertificate, clock: SystemClock()).connect()
            try await refused.send("[2,\"1\",\"Heartbeat\",{}]")
            // Bounded: the first frame (or the end of the stream), or nothing within 10 s.
            let answer = await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    var iterator = refused.incoming.makeAsyncIterator()
                    return await iterator.next()
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            await refused.close()
            XCTAssertNil(answer, "a server that requires client certificates must not answer")
        } catch {
            // Refused during the handshake: expected.
        }
    }

    func testProfile2WithBasicAuthenticationOverTLS() async throws {
        let certificates = try TestCertificates()
        let csms = try PythonCSMS(["--cert", certificates.serverCertificate, "--key", certificates.serverKey, "--password", "k2"])
        defer { csms.stop() }
        var profile2 = endpoint(csms, profile: .tlsWithBasicAuthentication, secure: true, key: "k2")
        profile2.caCertificateFile = certificates.caCertificate
        let connection = try await WebSocketTransport(endpoint: profile2, clock: SystemClock()).connect()
        XCTAssertTrue(csms.waitFor { !csms.events("connected").isEmpty })
        await connection.close()
    }

    /// A station on simulated hardware linked to `port` over a WebSocket, in real time.
    func runStation(port: Int, _ overrides: [ConfigurationKey: String] = [:]) async throws -> (SimulatedStation, Station<SystemClock>, [Task<Void, Never>]) {
        let clock = SystemClock()
        let store = InMemoryStationStore()
        let hardware = SimulatedStation(profile: .maxero200QC, clock: clock)
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(port)/ocpp", chargePointId: "CP-1")
        let client = CentralSystemClient(
            transport: WebSocketTransport(endpoint: endpoint, clock: clock), store: store, clock: clock,
            settings: ClientSettings(initialBackoff: .milliseconds(200), maximumBackoff: .seconds(1))
        )
        var defaults = StationSettings.maxeroDefaults
        defaults[.meterValueSampleInterval] = "0"
        defaults[.clockAlignedDataInterval] = "0"
        defaults.merge(overrides) { _, new in new }
        let settings = StationSettings(identity: BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC"), configurationDefaults: defaults)
        let station = try Station(settings: settings, hardware: hardware, store: store, link: client, clock: clock)
        await client.attach(handler: station, events: { station.linkEvent($0) })
        let relay = Task { for await event in hardware.events { station.hardwareEvent(event) } }
        let clientTask = Task { await client.run() }
        let stationTask = Task { _ = await station.run() }
        return (hardware, station, [stationTask, clientTask, relay])
    }

    func testACSMSRestartMidTransactionLosesNothing() async throws {
        let first = try PythonCSMS()
        let port = first.port
        let (hardware, station, tasks) = try await runStation(port: port, [.meterValueSampleInterval: "1"])
        defer { tasks.forEach { $0.cancel() } }
        XCTAssertTrue(first.waitFor { first.receivedActions.filter { $0 == "StatusNotification" }.count == 3 })
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "RESTART-1", connector: 1)
        XCTAssertTrue(first.waitFor { first.receivedActions.contains("StartTransaction") })
        first.stop()
        try await Task.sleep(for: .milliseconds(2500))   // samples queue up while the CSMS is down
        try hardware.presentCard(idTag: "RESTART-1", connector: nil)
        let second = try PythonCSMS(["--port", String(port)])
        defer { second.stop() }
        XCTAssertTrue(second.waitFor { second.receivedActions.contains("StopTransaction") }, "\(second.receivedActions)")
        XCTAssertFalse(second.receivedActions.contains("BootNotification"), "a reconnect is not a reboot")
        XCTAssertGreaterThanOrEqual(second.receivedActions.filter { $0 == "MeterValues" }.count, 1, "samples taken while the CSMS was down are delivered")
        var queued = -1
        for _ in 0..<250 where queued != 0 {
            queued = await station.snapshot.queuedMessages
            if queued != 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertEqual(queued, 0, "every queued message was delivered")
    }

    func testAStationBootsAndChargesOverTheLink() async throws {
        let csms = try PythonCSMS(["--interval", "300"])
        defer { csms.stop() }
        let clock = SystemClock()
        let store = InMemoryStationStore()
        let hardware = SimulatedStation(profile: .maxero200QC, clock: clock)
        let client = CentralSystemClient(transport: WebSocketTransport(endpoint: endpoint(csms), clock: clock), store: store, clock: clock)
        var defaults = StationSettings.maxeroDefaults
        defaults[.meterValueSampleInterval] = "0"
        defaults[.clockAlignedDataInterval] = "0"
        let settings = StationSettings(
            identity: BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC"), configurationDefaults: defaults
        )
        let station = try Station(settings: settings, hardware: hardware, store: store, link: client, clock: clock)
        await client.attach(handler: station, events: { station.linkEvent($0) })
        let relay = Task { for await event in hardware.events { station.hardwareEvent(event) } }
        let clientTask = Task { await client.run() }
        let stationTask = Task { _ = await station.run() }
        defer {
            stationTask.cancel()
            clientTask.cancel()
            relay.cancel()
        }
        XCTAssertTrue(csms.waitFor { csms.receivedActions.filter { $0 == "StatusNotification" }.count == 3 }, "\(csms.receivedActions)")
        XCTAssertEqual(csms.receivedActions.first, "BootNotification")
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "04A1B2C3", connector: 1)
        XCTAssertTrue(csms.waitFor { csms.receivedActions.contains("StartTransaction") }, "\(csms.receivedActions)")
        try hardware.presentCard(idTag: "04A1B2C3", connector: nil)
        XCTAssertTrue(csms.waitFor { csms.receivedActions.contains("StopTransaction") }, "\(csms.receivedActions)")
        XCTAssertEqual(csms.receivedActions.filter { ["Authorize", "StartTransaction", "StopTransaction"].contains($0) }, ["Authorize", "StartTransaction", "StopTransaction"])
        // The python package validates every payload against the schemas: no CALLERROR went out.
        let errors = csms.records.filter { record in
            guard record["direction"] == .string("sent"), case .string(let frame)? = record["frame"] else { return false }
            return frame.hasPrefix("[4")
        }
        XCTAssertEqual(errors.count, 0, "\(errors)")
    }
}

/// A CA, a server certificate for localhost and 127.0.0.1, a client certificate (CN CP-1), and an
/// unrelated CA, made in a temporary folder by the CSMS's own `dev_csms.py certificates`.
struct TestCertificates {
    let folder: URL
    var caCertificate: String { folder.appendingPathComponent("ca.pem").path }
    var otherCACertificate: String { folder.appendingPathComponent("other/ca.pem").path }
    var serverCertificate: String { folder.appendingPathComponent("server.pem").path }
    var serverKey: String { folder.appendingPathComponent("server.key").path }
    var clientCertificate: String { folder.appendingPathComponent("client.pem").path }
    var clientKey: String { folder.appendingPathComponent("client.key").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("certs-\(UUID().uuidString)")
        for directory in [folder.path, folder.appendingPathComponent("other").path] {
            let script = try PythonScript.start("scripts/dev_csms.py", arguments: ["certificates", directory, "--client-id", "CP-1"], quiet: true)
            let termination = script.waitForExit(timeout: .seconds(60))
            guard termination == .exited(0) else { throw CSMSFailure("dev_csms.py certificates \(directory) failed: \(termination.map(String.init(describing:)) ?? "still running")") }
        }
    }
}

final class ReconnectTests: XCTestCase {
    func testARefusedUpgradeBacksOffInsteadOfRetryingAtOnce() async throws {
        let csms = try PythonCSMS(["--password", "right"])
        defer { csms.stop() }
        let clock = ManualClock()
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(csms.port)/ocpp", chargePointId: "CP-9", securityProfile: .basicAuthentication, authorizationKey: "wrong")
        let client = CentralSystemClient(
            transport: WebSocketTransport(endpoint: endpoint, clock: clock), store: InMemoryStationStore(), clock: clock,
            settings: ClientSettings(initialBackoff: .seconds(4), maximumBackoff: .seconds(64))
        )
        let task = Task { await client.run() }
        defer { task.cancel() }
        XCTAssertTrue(csms.waitFor { csms.events("refused").count == 1 })
        // Real time passes, virtual time does not: no new attempt (no busy loop).
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertEqual(csms.events("refused").count, 1)
        await clock.advance(by: .seconds(4))
        XCTAssertTrue(csms.waitFor { csms.events("refused").count == 2 })
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertEqual(csms.events("refused").count, 2, "the next wait is longer (between 4 and 8 s)")
        await clock.advance(by: .seconds(8))
        XCTAssertTrue(csms.waitFor { csms.events("refused").count == 3 })
    }
}

final class DeadPeerTests: XCTestCase {
    func testAPeerThatStopsAnsweringPingsIsDropped() async throws {
        let csms = try PythonCSMS()
        defer {
            csms.process.send(SIGCONT)
            csms.stop()
        }
        let clock = ManualClock()
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(csms.port)/ocpp", chargePointId: "CP-PING", pingInterval: .seconds(30))
        let client = CentralSystemClient(
            transport: WebSocketTransport(endpoint: endpoint, clock: clock), store: InMemoryStationStore(), clock: clock,
            settings: ClientSettings(initialBackoff: .seconds(600))
        )
        let task = Task { await client.run() }
        defer { task.cancel() }
        for _ in 0..<500 where !(await client.isConnected) { try await Task.sleep(for: .milliseconds(10)) }
        let connected = await client.isConnected
        XCTAssertTrue(connected)
        // The link's timer waits for the first ping.
        await clock.waitForSleepers(1)
        // A ping every 30 s, answered: the connection stays.
        await clock.advance(by: .seconds(30))
        try await Task.sleep(for: .milliseconds(200))
        await clock.advance(by: .seconds(30))
        try await Task.sleep(for: .milliseconds(200))
        let stillConnected = await client.isConnected
        XCTAssertTrue(stillConnected, "answered pings keep the connection")
        // The CSMS freezes (SIGSTOP): the next ping goes unanswered and the connection is dropped.
        csms.process.send(SIGSTOP)
        await clock.advance(by: .seconds(30))
        try await Task.sleep(for: .milliseconds(200))
        await clock.advance(by: .seconds(30))
        var dropped = false
        for _ in 0..<500 where !dropped {
            dropped = !(await client.isConnected)
            if !dropped { try await Task.sleep(for: .milliseconds(10)) }
        }
        XCTAssertTrue(dropped, "a peer that stops answering pings is detected")
    }
}
