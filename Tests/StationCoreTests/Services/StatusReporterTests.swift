// Unit tests of the StatusReporter value: the first report goes out at once, MinimumStatusDuration
// holds a change back from the moment it happened, a status waits for its transaction message,
// and what a new registration or a reconnect sends again.

import OCPP
@testable import StationCore
import XCTest

final class StatusReporterTests: XCTestCase {
    static let available = StatusReport(status: .available, errorCode: .noError)
    static let preparing = StatusReport(status: .preparing, errorCode: .noError)
    static let charging = StatusReport(status: .charging, errorCode: .noError)
    static let finishing = StatusReport(status: .finishing, errorCode: .noError)
    static let faulted = StatusReport(status: .faulted, errorCode: .groundFailure)

    /// A reporter that sent `report` for each connector in `connectors`.
    func reporter(sent report: StatusReport = available, connectors: [Int] = [0, 1, 2]) -> StatusReporter {
        var reporter = StatusReporter()
        for connectorId in connectors { _ = reporter.publish(connectorId: connectorId, current: report, minimumDuration: 0, timerFired: false) }
        return reporter
    }

    func testFirstReportGoesOutAtOnceEvenWithMinimumStatusDuration() {
        var reporter = StatusReporter()
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 30, timerFired: false), [.send(connectorId: 1, Self.preparing)])
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 30, timerFired: false), [], "unchanged")
    }

    func testChangesWithoutMinimumStatusDurationGoOutAtOnce() {
        var reporter = reporter()
        let steps: [(StatusReport, [StatusReporter.Action])] = [
            (Self.preparing, [.send(connectorId: 1, Self.preparing)]),
            (Self.preparing, []),
            (Self.charging, [.send(connectorId: 1, Self.charging)]),
            (StatusReport(status: .charging, errorCode: .highTemperature), [.send(connectorId: 1, StatusReport(status: .charging, errorCode: .highTemperature))]),
            (Self.faulted, [.send(connectorId: 1, Self.faulted)]),
        ]
        for (index, step) in steps.enumerated() {
            XCTAssertEqual(reporter.publish(connectorId: 1, current: step.0, minimumDuration: 0, timerFired: false), step.1, "step \(index)")
        }
    }

    func testMinimumStatusDurationIsMeasuredFromTheChangeAndNotRestarted() {
        var reporter = reporter()
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 5, timerFired: false), [.holdBack(connectorId: 1, seconds: 5)])
        // Other inputs and a further change while the change is held back do not restart the timer.
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 5, timerFired: false), [])
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 5, timerFired: false), [])
        XCTAssertEqual(reporter.publish(connectorId: 2, current: Self.available, minimumDuration: 5, timerFired: false), [], "another connector is unaffected")
        // The timer fires: the status as it is now goes out.
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 5, timerFired: true), [.send(connectorId: 1, Self.charging)])
        // The next change is held back again, with a timer of its own.
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.finishing, minimumDuration: 5, timerFired: false), [.holdBack(connectorId: 1, seconds: 5)])
    }

    func testHoldBackIsCancelledWhenTheStatusReturnsBeforeTheDuration() {
        var reporter = reporter()
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 5, timerFired: false), [.holdBack(connectorId: 1, seconds: 5)])
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.available, minimumDuration: 5, timerFired: false), [.cancelHoldBack(connectorId: 1)])
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.available, minimumDuration: 5, timerFired: false), [], "cancelled once")
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.available, minimumDuration: 5, timerFired: true), [], "a late timer sends nothing")
        // A new change starts a new hold-back.
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 5, timerFired: false), [.holdBack(connectorId: 1, seconds: 5)])
    }

    func testStatusWaitsWhileItsTransactionMessageIsUndelivered() {
        var reporter = reporter(sent: Self.preparing)
        reporter.awaitDelivery(of: 41, connectorId: 1)
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 0, timerFired: false), [], "StartTransaction first")
        XCTAssertEqual(reporter.publish(connectorId: 2, current: Self.charging, minimumDuration: 0, timerFired: false), [.send(connectorId: 2, Self.charging)], "other connectors go on")
        reporter.delivered(99)
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 0, timerFired: false), [], "another transaction's delivery")
        reporter.delivered(41)
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 0, timerFired: false), [.send(connectorId: 1, Self.charging)])
    }

    func testStatusWaitsForEveryUndeliveredMessageOfItsConnector() {
        var reporter = reporter(sent: Self.charging)
        reporter.awaitDelivery(of: 41, connectorId: 1)   // StartTransaction, still queued (offline)
        reporter.awaitDelivery(of: 41, connectorId: 1)   // StopTransaction of the same transaction
        reporter.delivered(41)
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.finishing, minimumDuration: 0, timerFired: false), [], "StopTransaction first")
        reporter.delivered(41)
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.finishing, minimumDuration: 0, timerFired: false), [.send(connectorId: 1, Self.finishing)])
    }

    func testAcceptanceSendsEveryStatusAgain() {
        var reporter = reporter()
        reporter.registered()
        for connectorId in [0, 1, 2] {
            XCTAssertEqual(reporter.publish(connectorId: connectorId, current: Self.available, minimumDuration: 10, timerFired: false), [.send(connectorId: connectorId, Self.available)], "connector \(connectorId), at once")
        }
    }

    func testReconnectSendsOnlyTheStatusesNotAcknowledged() {
        var reporter = reporter()
        reporter.acknowledged(connectorId: 0, Self.available)
        reporter.acknowledged(connectorId: 1, Self.available)
        _ = reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 0, timerFired: false)   // sent offline, never acknowledged
        // Connector 2's Available was never acknowledged either.
        reporter.reconnected()
        XCTAssertEqual(reporter.publish(connectorId: 0, current: Self.available, minimumDuration: 10, timerFired: false), [], "acknowledged")
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 10, timerFired: false), [.send(connectorId: 1, Self.preparing)])
        XCTAssertEqual(reporter.publish(connectorId: 2, current: Self.available, minimumDuration: 10, timerFired: false), [.send(connectorId: 2, Self.available)])
        // What the central system acknowledged after the reconnect is not sent on the next one.
        reporter.acknowledged(connectorId: 1, Self.preparing)
        reporter.acknowledged(connectorId: 2, Self.available)
        reporter.reconnected()
        for connectorId in [1, 2] {
            XCTAssertEqual(reporter.publish(connectorId: connectorId, current: connectorId == 1 ? Self.preparing : Self.available, minimumDuration: 0, timerFired: false), [])
        }
    }

    func testTriggeredReportCountsAsSent() {
        var reporter = reporter()
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 5, timerFired: false), [.holdBack(connectorId: 1, seconds: 5)])
        XCTAssertEqual(
            reporter.sent(connectorId: 1, Self.preparing), [.cancelHoldBack(connectorId: 1), .send(connectorId: 1, Self.preparing)],
            "TriggerMessage sends the status now, and the hold-back for it ends"
        )
        XCTAssertEqual(reporter.publish(connectorId: 1, current: Self.preparing, minimumDuration: 5, timerFired: true), [], "not sent twice")
        XCTAssertEqual(reporter.sent(connectorId: 2, Self.available), [.send(connectorId: 2, Self.available)], "a trigger sends even an unchanged status")
    }

    // MARK: Bugs these tests found (fixed)

    /// MinimumStatusDuration is measured from the change also when the change happens while the
    /// connector's transaction message is undelivered: the hold-back runs meanwhile, and once the
    /// message is delivered a status that already lasted long enough goes out at once.
    func testMinimumStatusDurationRunsWhileTheTransactionMessageIsUndelivered() throws {
        var reporter = reporter(sent: Self.preparing)
        reporter.awaitDelivery(of: 41, connectorId: 1)
        let atChange = reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 5, timerFired: false)
        let atTimer = reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 5, timerFired: true)
        reporter.delivered(41)
        let atDelivery = reporter.publish(connectorId: 1, current: Self.charging, minimumDuration: 5, timerFired: false)
        XCTAssertEqual(atChange, [.holdBack(connectorId: 1, seconds: 5)])
        XCTAssertEqual(atTimer, [], "still waiting for StartTransaction")
        XCTAssertEqual(atDelivery, [.send(connectorId: 1, Self.charging)])
    }
}
