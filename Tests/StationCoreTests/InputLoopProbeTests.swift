// The probe a service watchdog sends through the station's input loop: answered while the loop
// runs, refused once it has ended.

import StationCore
import StationTesting
import XCTest

final class InputLoopProbeTests: StationTestCase {
    func testTheProbeIsAnsweredWhileTheLoopRunsAndRefusedAfterItEnded() async throws {
        try await startStation()
        let station = harness.station
        let answeredWhileRunning = await station.inputLoopAlive()
        XCTAssertTrue(answeredWhileRunning)
        await harness.stop()
        let answeredAfterTheEnd = await station.inputLoopAlive()
        XCTAssertFalse(answeredAfterTheEnd)
    }
}
