// The manual clock moves only when advanced, wakes sleepers in deadline order, and keeps wall
// time in step with monotonic time. Sleepers run in a VirtualTimeWorld, whose idleness each step
// of `advance` waits for.

import Foundation
import StationHAL
import StationTesting
import XCTest

final class ManualClockTests: XCTestCase {
    /// A clock whose steps wait for `world` to be idle.
    func worldClock() -> (ManualClock, VirtualTimeWorld) {
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        clock.settle(with: { await world.idle() })
        addTeardownBlock { world.stop() }
        return (clock, world)
    }

    func testSleepersWakeInDeadlineOrderWhenTimeAdvances() async throws {
        let (clock, world) = worldClock()
        let woken = WakeLog()
        let tasks = [30, 10, 20].map { seconds in
            world.start {
                try? await clock.sleep(until: clock.now.advanced(by: .seconds(seconds)))
                await woken.append(seconds)
            }
        }
        await clock.waitForSleepers(3)
        await clock.advance(by: .seconds(15))
        let early = await woken.values
        XCTAssertEqual(early, [10])
        await clock.advance(by: .seconds(60))
        for task in tasks { await task.value }
        let all = await woken.values
        XCTAssertEqual(all, [10, 20, 30])
        XCTAssertEqual(clock.now.offset, .seconds(75))
    }

    func testRepeatingTimerFiresOncePerIntervalOverAnHour() async throws {
        let (clock, world) = worldClock()
        let ticks = WakeLog()
        let timer = world.start {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(until: clock.now.advanced(by: .seconds(20)))
                } catch {
                    return
                }
                await ticks.append(Int(clock.now.offset.components.seconds))
            }
        }
        await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(3600))
        timer.cancel()
        let values = await ticks.values
        XCTAssertEqual(values.count, 180)
        XCTAssertEqual(values.last, 3600)
    }

    func testCancelledSleeperThrows() async {
        let clock = ManualClock()
        let task = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(5))) }
        await clock.waitForSleepers(1)
        task.cancel()
        do {
            try await task.value
            XCTFail("sleep was not cancelled")
        } catch {
            XCTAssertTrue(error is CancellationError)
        }
        XCTAssertEqual(clock.sleeperCount, 0)
    }

    func testASleepCancelledWhileItBeginsStillEnds() async {
        // A task group racing a sleep against work that finishes at once, as a request timeout
        // does: cancelling the sleep at any instant of its start must end it, or the group
        // would wait for it forever.
        let clock = ManualClock()
        for _ in 0..<5_000 {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await clock.sleep(for: .seconds(1)) }
                group.addTask {}
                await group.next()
                group.cancelAll()
            }
        }
        XCTAssertEqual(clock.sleeperCount, 0)
    }

    func testWaitingForSleepersReturnsOnceThatManySleep() async {
        let clock = ManualClock()
        await clock.waitForSleepers(0)
        let sleeping = Task {
            try? await clock.sleep(for: .seconds(5))
        }
        let second = Task {
            try? await clock.sleep(for: .seconds(9))
        }
        await clock.waitForSleepers(2)
        XCTAssertEqual(clock.sleeperCount, 2, "returns only once both sleep")
        await clock.advance(by: .seconds(9))
        await sleeping.value
        await second.value
        XCTAssertEqual(clock.sleeperCount, 0)
    }

    func testWallTimeMovesWithTheClock() async {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ManualClock(start: start)
        await clock.advance(by: .milliseconds(1500))
        XCTAssertEqual(clock.wallTime.timeIntervalSince1970, 1_800_000_001.5, accuracy: 1e-6)
    }
}

actor WakeLog {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
