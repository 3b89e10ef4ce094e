// The reboot a Reset or a firmware installation asks for: when the station leaves its run loop.

@testable import StationCore
import XCTest

final class RebootPlanTests: XCTestCase {
    func testNothingHappensWithoutARequest() {
        var plan = RebootPlan()
        XCTAssertFalse(plan.decide(deadlinePassed: true, notificationsInFlight: 0, online: true, queuedMessages: 0))
        XCTAssertNil(plan.exit)
        XCTAssertFalse(plan.isPending)
    }

    func testTheRebootWaitsForQueuedMessagesAndNotificationsWhileOnline() {
        var plan = RebootPlan()
        plan.request(.soft)
        XCTAssertTrue(plan.isPending)
        XCTAssertFalse(plan.decide(deadlinePassed: false, notificationsInFlight: 0, online: true, queuedMessages: 2), "StopTransactions still queued")
        XCTAssertFalse(plan.decide(deadlinePassed: false, notificationsInFlight: 1, online: false, queuedMessages: 0), "Installing not sent yet")
        XCTAssertNil(plan.exit)
        XCTAssertTrue(plan.decide(deadlinePassed: false, notificationsInFlight: 0, online: true, queuedMessages: 0))
        XCTAssertEqual(plan.exit, .reset(.soft))
    }

    func testOfflineOrAtTheDeadlineItRebootsWithMessagesStillQueued() {
        var offline = RebootPlan()
        offline.request(.hard)
        XCTAssertTrue(offline.decide(deadlinePassed: false, notificationsInFlight: 0, online: false, queuedMessages: 5), "they wait in the store for the next boot")
        var late = RebootPlan()
        late.request(.hard)
        XCTAssertTrue(late.decide(deadlinePassed: true, notificationsInFlight: 1, online: true, queuedMessages: 5))
        XCTAssertEqual(late.exit, .reset(.hard))
    }
}
