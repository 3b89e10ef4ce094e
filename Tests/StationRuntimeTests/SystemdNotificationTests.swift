// systemd notifications: what the environment asks for, the datagrams on a real socket (READY,
// WATCHDOG only while the input loop answers, STOPPING) in virtual time, and the data directory.

import Foundation
import Logging
import ServiceLifecycle
import StationHAL
import StationRuntime
import Synchronization
import StationTesting
import XCTest

final class SystemdNotificationTests: XCTestCase {
    func testTheEnvironmentSaysWhereToNotifyAndHowOftenToPing() throws {
        XCTAssertNil(SystemdNotifier(environment: [:]))
        XCTAssertNil(SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/notify"]))
        let plain = try XCTUnwrap(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/systemd/notify"], processId: 42))
        XCTAssertEqual(plain.socket, "/run/systemd/notify")
        XCTAssertNil(plain.watchdogInterval)
        let watched = SystemdNotifier(environment: ["NOTIFY_SOCKET": "@abstract", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], processId: 42)
        XCTAssertEqual(watched?.socket, "@abstract")
        XCTAssertEqual(watched?.watchdogInterval, .seconds(30))
        // The watchdog of another process (a parent that was started with it) is not ours.
        XCTAssertNil(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/n", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"], processId: 42)?.watchdogInterval)
        XCTAssertNil(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/n", "WATCHDOG_USEC": "soon"], processId: 42)?.watchdogInterval)
        XCTAssertNil(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/n", "WATCHDOG_USEC": "0"], processId: 42)?.watchdogInterval)
    }

    func testTheDataDirectoryIsTheStateDirectorySystemdGives() {
        XCTAssertEqual(RunOptions.defaultDataDirectory(environment: ["STATE_DIRECTORY": "/var/lib/chargestation"]), "/var/lib/chargestation")
        XCTAssertEqual(RunOptions.defaultDataDirectory(environment: ["STATE_DIRECTORY": "/var/lib/a:/var/lib/b"]), "/var/lib/a")
        XCTAssertEqual(RunOptions.defaultDataDirectory(environment: ["STATE_DIRECTORY": ""]), "data")
        XCTAssertEqual(RunOptions.defaultDataDirectory(environment: [:]), "data")
    }

    func testReadyThenAPingOnlyWhileTheLoopAnswersThenStopping() async throws {
        let receiver = try DatagramReceiver()
        defer { receiver.close() }
        let notifier = try XCTUnwrap(SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.path, "WATCHDOG_USEC": "2000000"]))
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        clock.settle(with: { await world.idle() })
        defer { world.stop() }
        let answers = Mutex<(alive: Bool, asked: Int)>((true, 0))
        let service = ServiceManagerNotifications(notifier: notifier, clock: clock, alive: {
            answers.withLock { state in
                state.asked += 1
                return state.alive
            }
        }, log: { _ in })
        let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test")))
        let running = world.start { () -> (any Error)? in
            do {
                try await group.run()
                return nil
            } catch {
                return error
            }
        }

        let ready = try await receiver.next()
        XCTAssertEqual(ready, "READY=1")
        await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(1))
        let ping = try await receiver.next()
        XCTAssertEqual(ping, "WATCHDOG=1")

        // A loop that does not answer gets no ping.
        answers.withLock { $0.alive = false }
        await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(1))
        // Asked, no ping, and asleep until the next interval.
        await clock.waitForSleepers(1)
        XCTAssertEqual(answers.withLock { $0.asked }, 2)
        await group.triggerGracefulShutdown()
        let stopping = try await receiver.next()
        XCTAssertEqual(stopping, "STOPPING=1")
        let failure = await running.value
        XCTAssertNil(failure)
    }

}

/// A bound AF_UNIX datagram socket in a temporary directory, read on a thread of its own (a
/// blocking receive with a 10 s bound, so no test polls).
private final class DatagramReceiver: Sendable {
    let path: String
    let descriptor: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var bound10s = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &bound10s, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    }

    /// The next datagram; fails after ten seconds without one.
    func next() async throws -> String {
        let descriptor = self.descriptor
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count >= 0 {
                    continuation.resume(returning: String(decoding: buffer[..<count], as: UTF8.self))
                } else {
                    continuation.resume(throwing: POSIXError(.ETIMEDOUT))
                }
            }.start()
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
        unlink(path)
    }
}
