// The station's timer table: one sleeper for all timers, woken by the earliest; due timers are
// taken earliest first; a replaced or cancelled timer is not taken; no sleeper without timers.

@testable import StationCore
import Synchronization
import XCTest

final class StationJobsTests: XCTestCase {
    /// Records the sleepers a table asks for, as (deadline, serial), and hands out idle tasks.
    private final class Sleepers: Sendable {
        let spawned = Mutex<[(deadline: Int, serial: Int)]>([])
        var deadlines: [Int] { spawned.withLock { $0.map(\.deadline) } }
        var lastSerial: Int { spawned.withLock { $0.last!.serial } }

        func spawn(_ deadline: Int, _ serial: Int) -> Task<Void, Never> {
            spawned.withLock { $0.append((deadline, serial)) }
            return Task {}
        }
    }

    func testOneSleeperWakesForTheEarliestTimerAndDueTimersComeEarliestFirst() {
        var jobs = StationJobs<String, Int>()
        let sleepers = Sleepers()
        jobs.setTimer("heartbeat", at: 60)
        jobs.armSleeper(sleepers.spawn)
        jobs.setTimer("aligned", at: 900)
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(sleepers.deadlines, [60], "a later timer needs no sleeper of its own")
        jobs.setTimer("sample", at: 30)
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(sleepers.deadlines, [60, 30], "an earlier timer replaces the sleeper")
        jobs.setTimer("status", at: 30)
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(jobs.takeDueTimers(at: 29), [])
        jobs.sleeperWoke(sleepers.lastSerial)
        XCTAssertEqual(jobs.takeDueTimers(at: 60), ["sample", "status", "heartbeat"], "earliest first, those due together in the order set")
        XCTAssertFalse(jobs.isRunning("heartbeat"))
        XCTAssertTrue(jobs.isRunning("aligned"))
        XCTAssertEqual(jobs.deadline(of: "heartbeat"), 60, "a fired timer keeps its deadline for the next period")
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(sleepers.deadlines, [60, 30, 900])
    }

    func testAReplacedOrCancelledTimerIsNotTakenAndNoSleeperStaysWithoutTimers() {
        var jobs = StationJobs<String, Int>()
        let sleepers = Sleepers()
        jobs.setTimer("heartbeat", at: 60)
        jobs.armSleeper(sleepers.spawn)
        jobs.setTimer("heartbeat", at: 120)
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(sleepers.deadlines, [60], "the sleeper wakes early and finds nothing due")
        jobs.sleeperWoke(sleepers.lastSerial)
        XCTAssertEqual(jobs.takeDueTimers(at: 60), [])
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(sleepers.deadlines, [60, 120])
        jobs.cancel("heartbeat")
        XCTAssertFalse(jobs.isRunning("heartbeat"))
        XCTAssertEqual(jobs.takeDueTimers(at: 500), [])
        jobs.armSleeper(sleepers.spawn)
        XCTAssertEqual(sleepers.deadlines, [60, 120], "no timer, no sleeper")
    }
}
