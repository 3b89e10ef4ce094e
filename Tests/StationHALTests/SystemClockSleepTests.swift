// The system clock's sleep (a dispatch timer per sleep, `SleepTimer`): it ends at its deadline,
// and a cancelled sleep ends at once with CancellationError, also when cancelled before it began.

import StationHAL
import XCTest

final class SystemClockSleepTests: XCTestCase {
    func testASleepEndsNoEarlierThanItsDeadline() async throws {
        let clock = SystemClock()
        let deadline = clock.now.advanced(by: .milliseconds(20))
        try await clock.sleep(until: deadline, tolerance: nil)
        XCTAssertGreaterThanOrEqual(clock.now, deadline)
    }

    func testACancelledSleepEndsAtOnceWithCancellationError() async {
        let clock = SystemClock()
        let sleeper = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(3600)), tolerance: nil) }
        sleeper.cancel()
        let result = await sleeper.result
        XCTAssertThrowsError(try result.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
    }

    func testASleepOfATaskAlreadyCancelledDoesNotWait() async {
        let clock = SystemClock()
        let result = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await clock.sleep(until: clock.now.advanced(by: .seconds(3600)), tolerance: nil)
        }.result
        XCTAssertThrowsError(try result.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
    }
}
