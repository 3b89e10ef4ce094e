// The automatic sessions on virtual time: the same seed gives the same sessions, every started
// transaction is stopped and every EV leaves, switching off starts no new session, and the
// unusual cases (invalid card first, remote start, suspension) happen as drawn.

import StationHAL
import StationRuntime
import StationSimulation
import StationTesting
import Synchronization
import XCTest

/// A station seen by a driver: a valid card starts a transaction on a plugged connector, the same
/// card again stops it; every action is recorded with its virtual time.
final class RecordingSite: SessionSite {
    struct Connector { var plugged = false, running = false, tag: String?, suspended = false }
    private let state = Mutex<(connectors: [Int: Connector], events: [String])>(([:], []))
    let clock: ManualClock
    let invalid: String

    init(clock: ManualClock, invalid: String) {
        self.clock = clock
        self.invalid = invalid
    }

    var events: [String] { state.withLock { $0.events } }

    private func record(_ text: String) {
        let seconds = clock.now.offset.components.seconds
        state.withLock { $0.events.append("\(seconds) \(text)") }
    }

    func plug(connector: Int, stateOfChargePercent: Double, targetPercent: Double) throws(SimulationError) {
        let taken = state.withLock { state -> Bool in
            if state.connectors[connector, default: Connector()].plugged { return true }
            state.connectors[connector, default: Connector()].plugged = true
            return false
        }
        if taken { throw SimulationError.alreadyPlugged(connector: connector) }
        record("plug \(connector) target \(Int(targetPercent))")
    }

    func unplug(connector: Int) throws(SimulationError) {
        state.withLock { $0.connectors[connector] = Connector() }
        record("unplug \(connector)")
    }

    func presentCard(_ tag: String, connector: Int) throws(SimulationError) {
        state.withLock { state in
            var current = state.connectors[connector, default: Connector()]
            if current.running, current.tag == tag {
                current.running = false
            } else if current.plugged, !current.running, tag != invalid {
                current.running = true
                current.tag = tag
            }
            state.connectors[connector] = current
        }
        record("card \(connector) \(tag)")
    }

    func setSuspended(connector: Int, _ suspended: Bool) throws(SimulationError) { record("suspended \(connector) \(suspended)") }

    func transactionRunning(connector: Int) async -> Bool { state.withLock { $0.connectors[connector]?.running ?? false } }

    func evFull(connector: Int) -> Bool { false }
}

final class SessionGeneratorTests: XCTestCase {
    func profile() -> SessionProfile {
        var profile = SessionProfile()
        profile.enabled = true
        profile.seed = 42
        profile.idleSeconds = [10, 60]
        profile.chargeSeconds = [60, 300]
        profile.invalidCardProbability = 0.3
        profile.suspendProbability = 0.3
        profile.suspendSeconds = [5, 20]
        return profile
    }

    /// Runs a two-connector station's sessions for `hours` of virtual time, then switches them
    /// off and lets the running ones finish; returns what the driver did.
    func run(profile: SessionProfile, hours: Int) async -> (events: [String], running: Bool) {
        let world = VirtualTimeWorld()
        let clock = ManualClock()
        clock.settle(with: { await world.idle() })
        let site = RecordingSite(clock: clock, invalid: profile.invalidTag)
        let generator = SessionGenerator(site: site, connectorCount: 2, profile: profile, stationNumber: 7, clock: clock)
        let task = world.start { await generator.run() }
        await clock.advance(by: .seconds(3600 * hours))
        generator.setEnabled(false)
        await clock.advance(by: .seconds(3600))
        let first = await site.transactionRunning(connector: 1), second = await site.transactionRunning(connector: 2)
        let running = first || second
        task.cancel()
        await clock.advance(by: .seconds(1))
        _ = await task.value
        world.stop()
        return (site.events, running)
    }

    func testTheSameSeedGivesTheSameSessions() async {
        let first = await run(profile: profile(), hours: 3)
        let second = await run(profile: profile(), hours: 3)
        XCTAssertEqual(first.events, second.events)
        var other = profile()
        other.seed = 43
        let third = await run(profile: other, hours: 3)
        XCTAssertNotEqual(first.events, third.events)
    }

    func testEveryEVThatArrivesLeavesAndEveryTransactionStops() async {
        let result = await run(profile: profile(), hours: 3)
        let plugs = result.events.filter { $0.contains("plug ") && !$0.contains("unplug") }.count
        let unplugs = result.events.filter { $0.contains("unplug") }.count
        XCTAssertGreaterThan(plugs, 20, "sessions in 3 hours on 2 connectors")
        XCTAssertEqual(plugs, unplugs)
        XCTAssertFalse(result.running, "a transaction still runs after switching off")
        XCTAssertTrue(result.events.contains { $0.hasSuffix("FLEET-INVALID") }, "an invalid card was drawn")
        XCTAssertTrue(result.events.contains { $0.contains("suspended 1 true") || $0.contains("suspended 2 true") }, "an EV suspended")
    }

    func testSwitchedOffStartsNoSession() async {
        var off = profile()
        off.enabled = false
        let result = await run(profile: off, hours: 2)
        XCTAssertEqual(result.events, [])
    }

    func testARemoteStartThatNeverComesLeavesAfterTheWait() async {
        var remote = profile()
        remote.remoteStartProbability = 1
        remote.remoteStartWaitSeconds = 30
        let result = await run(profile: remote, hours: 1)
        XCTAssertFalse(result.events.isEmpty)
        XCTAssertFalse(result.events.contains { $0.contains("card") }, "no card in remote sessions")
        XCTAssertEqual(result.events.filter { $0.contains("unplug") }.count, result.events.filter { $0.contains("plug ") && !$0.contains("unplug") }.count)
    }

    /// One task drives both connectors: switching on again while connector 1's session still
    /// runs starts connector 2 (at rest) from the switch-on, not after connector 1's session.
    func testSwitchingOnWhileAnotherConnectorChargesStartsTheRestingOneAtOnce() async throws {
        var profile = SessionProfile()
        profile.enabled = true
        profile.seed = 5
        profile.idleSeconds = [5, 5]
        profile.chargeSeconds = [1000, 1000]
        profile.stateOfChargeProbability = 0
        profile.invalidCardProbability = 0
        profile.suspendProbability = 0
        let world = VirtualTimeWorld()
        let clock = ManualClock()
        clock.settle(with: { await world.idle() })
        let site = RecordingSite(clock: clock, invalid: profile.invalidTag)
        // Plugged by hand: connector 2's EVs find it taken until it is unplugged at 20 s.
        try site.plug(connector: 2, stateOfChargePercent: 50, targetPercent: 100)
        let generator = SessionGenerator(site: site, connectorCount: 2, profile: profile, stationNumber: 1, clock: clock)
        let task = world.start { await generator.run() }
        await clock.advance(by: .seconds(7))
        generator.setEnabled(false)
        await clock.advance(by: .seconds(13))
        try site.unplug(connector: 2)
        await clock.advance(by: .seconds(80))
        generator.setEnabled(true)
        await clock.advance(by: .seconds(10))
        XCTAssertTrue(site.events.contains("5 plug 1 target 100"), "\(site.events)")
        XCTAssertTrue(site.events.contains("105 plug 2 target 100"), "\(site.events)")
        XCTAssertFalse(site.events.contains("10 plug 2 target 100"), "no session starts while switched off: \(site.events)")
        XCTAssertEqual(generator.counts.active, 2)
        task.cancel()
        await clock.advance(by: .seconds(1))
        _ = await task.value
        world.stop()
    }
}
