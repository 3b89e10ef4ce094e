// Unit tests of the RegistrationService value: BootNotification on first connect and never twice
// at once, the answers (Accepted adopts interval and clock; Pending and Rejected wait), no answer,
// and a reconnect that is not a reboot.

import OCPP
@testable import StationCore
import XCTest

final class RegistrationServiceTests: XCTestCase {
    static let stationTime = Timestamp(millisecondsSince1970: 1_800_000_000_000)
    static let retryInterval: Duration = .seconds(30)

    func answer(_ status: BootNotification.RegistrationStatus, interval: Int, aheadBy seconds: Int = 0) -> Result<BootNotification.Response, LinkError> {
        .success(BootNotification.Response(status: status, currentTime: Self.stationTime.adding(seconds: seconds), interval: interval))
    }

    /// The actions without their log lines.
    func effects(_ actions: [RegistrationService.Action]) -> [RegistrationService.Action] {
        actions.filter { if case .log = $0 { false } else { true } }
    }

    /// A service that connected and sent its first BootNotification.
    func booting() -> RegistrationService {
        var service = RegistrationService()
        _ = service.linkConnected()
        return service
    }

    /// A service whose first BootNotification got `result`.
    func answered(_ result: Result<BootNotification.Response, LinkError>) -> RegistrationService {
        var service = booting()
        _ = service.bootAnswered(result, stationTime: Self.stationTime, retryInterval: Self.retryInterval)
        return service
    }

    func testFirstConnectSendsBootNotificationAndNeverTwiceWhileOneIsInFlight() {
        var service = RegistrationService()
        XCTAssertNil(service.status)
        XCTAssertFalse(service.canAskCentralSystem)
        XCTAssertEqual(service.linkConnected(), [.cancelBootRetry, .sendBootNotification])
        XCTAssertTrue(service.connected)
        XCTAssertTrue(service.bootInFlight)
        XCTAssertEqual(service.bootDue(), [], "a retry timer or trigger while one is in flight")
        service.linkDisconnected()
        XCTAssertEqual(service.linkConnected(), [.cancelBootRetry], "the one in flight gets its answer or its failure")
        XCTAssertFalse(service.canAskCentralSystem, "not accepted yet")
    }

    func testBootNotificationAnswers() {
        let table: [(name: String, result: Result<BootNotification.Response, LinkError>, expected: [RegistrationService.Action])] = [
            ("accepted", answer(.accepted, interval: 300), [.adoptHeartbeatInterval(300), .cancelBootRetry, .accepted, .scheduleHeartbeat, .deliverTransactionMessages(true)]),
            ("accepted, interval 0 keeps HeartbeatInterval", answer(.accepted, interval: 0), [.cancelBootRetry, .accepted, .scheduleHeartbeat, .deliverTransactionMessages(true)]),
            ("pending", answer(.pending, interval: 120), [.deliverTransactionMessages(false), .stopHeartbeat, .retryBoot(after: .seconds(120))]),
            ("pending, interval 0 waits the retry interval", answer(.pending, interval: 0), [.deliverTransactionMessages(false), .stopHeartbeat, .retryBoot(after: .seconds(30))]),
            ("rejected", answer(.rejected, interval: 600), [.deliverTransactionMessages(false), .stopHeartbeat, .retryBoot(after: .seconds(600))]),
            ("rejected, interval 0 waits the retry interval", answer(.rejected, interval: 0), [.deliverTransactionMessages(false), .stopHeartbeat, .retryBoot(after: .seconds(30))]),
            ("timeout", .failure(.timeout), [.retryBoot(after: .seconds(30))]),
            ("offline", .failure(.offline), [.retryBoot(after: .seconds(30))]),
            ("invalid answer", .failure(.invalidResponse("missing currentTime")), [.retryBoot(after: .seconds(30))]),
        ]
        for row in table {
            var service = booting()
            let actions = service.bootAnswered(row.result, stationTime: Self.stationTime, retryInterval: Self.retryInterval)
            XCTAssertEqual(effects(actions), row.expected, row.name)
            XCTAssertFalse(service.bootInFlight, row.name)
            let expectedStatus = try? row.result.get().status
            XCTAssertEqual(service.status, expectedStatus, "\(row.name): no answer leaves the status as it was")
            XCTAssertEqual(service.canAskCentralSystem, expectedStatus == .accepted, row.name)
            XCTAssertEqual(service.heartbeatDue(), expectedStatus == .accepted, row.name)
        }
    }

    func testAcceptedAdoptsTheCentralSystemClockOffset() {
        let table: [(aheadBy: Int, offset: Int64)] = [(3600, 3_600_000), (-90, -90_000), (0, 0)]
        for row in table {
            var service = booting()
            XCTAssertEqual(service.clockOffsetMilliseconds, 0)
            _ = service.bootAnswered(answer(.accepted, interval: 60, aheadBy: row.aheadBy), stationTime: Self.stationTime, retryInterval: Self.retryInterval)
            XCTAssertEqual(service.clockOffsetMilliseconds, row.offset)
        }
    }

    func testPendingAndRejectedDoNotAdoptTheClock() {
        for status in [BootNotification.RegistrationStatus.pending, .rejected] {
            var service = booting()
            _ = service.bootAnswered(answer(status, interval: 60, aheadBy: 3600), stationTime: Self.stationTime, retryInterval: Self.retryInterval)
            XCTAssertEqual(service.clockOffsetMilliseconds, 0, status.rawValue)
        }
    }

    func testNoAnswerThenTheRetryBootsAgainUntilAccepted() {
        var service = booting()
        _ = service.bootAnswered(.failure(.timeout), stationTime: Self.stationTime, retryInterval: Self.retryInterval)
        XCTAssertEqual(service.bootDue(), [.sendBootNotification], "the retry timer fired")
        _ = service.bootAnswered(answer(.pending, interval: 60), stationTime: Self.stationTime, retryInterval: Self.retryInterval)
        XCTAssertEqual(service.bootDue(), [.sendBootNotification], "the Pending interval passed")
        _ = service.bootAnswered(answer(.accepted, interval: 60), stationTime: Self.stationTime, retryInterval: Self.retryInterval)
        XCTAssertTrue(service.isAccepted)
    }

    func testReconnectIsNotAReboot() {
        let table: [(name: String, service: RegistrationService, expected: [RegistrationService.Action])] = [
            ("accepted: statuses changed offline go out, heartbeat restarts", answered(answer(.accepted, interval: 300)), [.reconnected, .scheduleHeartbeat]),
            ("pending: the answer's interval decides", answered(answer(.pending, interval: 60)), []),
            ("rejected: the answer's interval decides", answered(answer(.rejected, interval: 60)), []),
            ("never answered: boot now", answered(.failure(.offline)), [.cancelBootRetry, .sendBootNotification]),
        ]
        for row in table {
            var service = row.service
            service.linkDisconnected()
            XCTAssertFalse(service.connected, row.name)
            XCTAssertFalse(service.canAskCentralSystem, "\(row.name): nothing is asked while offline")
            XCTAssertFalse(service.heartbeatDue(), row.name)
            XCTAssertEqual(service.linkConnected(), row.expected, row.name)
            XCTAssertEqual(service.canAskCentralSystem, service.isAccepted, row.name)
        }
    }

    func testTriggeredBootNotificationAfterAcceptanceCanBeAnsweredPending() {
        var service = answered(answer(.accepted, interval: 300))
        XCTAssertEqual(service.bootDue(), [.sendBootNotification])
        let actions = effects(service.bootAnswered(answer(.pending, interval: 45), stationTime: Self.stationTime, retryInterval: Self.retryInterval))
        XCTAssertEqual(actions, [.deliverTransactionMessages(false), .stopHeartbeat, .retryBoot(after: .seconds(45))])
        XCTAssertFalse(service.canAskCentralSystem)
        XCTAssertEqual(service.clockOffsetMilliseconds, 0)
    }
}
